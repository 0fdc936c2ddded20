import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, payouts } from "@/db/schema";
import { listCallbacks } from "@/lib/callbacks/list-callbacks";
import { callbackLogFilterSchema } from "@/lib/callbacks/log-schemas";
import { reapplyCallback } from "@/lib/callbacks/reapply-callback";
import { resolveCallback } from "@/lib/callbacks/resolve-callback";
import { createPayout } from "@/lib/payouts/create-payout";
import { dispatchPayout } from "@/lib/gateway-work/dispatch-payouts";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import type { SandboxGateway } from "@/sandbox-gateway";
import { testDb } from "../helpers/db";
import { controlHeaders, scenario } from "../helpers/gateway";
import { gatewayCredential, key, person, sandboxForFile, thai } from "../payouts/helpers";
import { ingest, signedCallback, thaiBody } from "./helpers";

let gw: SandboxGateway;
let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;
let admin: Awaited<ReturnType<typeof person>>;
let support: Awaited<ReturnType<typeof person>>;

const sb = sandboxForFile();
beforeAll(async () => {
  ({ gw, cred, finance } = sb);
  [admin, support] = await Promise.all([person("admin"), person("support")]);
});

let seq = 0;
async function processing() {
  const orderNo = `CL${Date.now()}${seq++}`;
  await scenario(gw, { orderNo, count: 1, fate: { afterMs: 3_600_000, callback: "none" } });
  const { payout } = await createPayout({ ctx: finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: cred.m.id, orderNo })), idempotencyKey: key() });
  await dispatchPayout(testDb(), payout.id);
  const [row] = await testDb().select().from(payouts).where(eq(payouts.id, payout.id));
  if (!row?.tradeNo) throw new Error("not accepted");
  return { ...row, tradeNo: row.tradeNo };
}
const list = (ctx: typeof admin.ctx, q: Record<string, string> = {}) => listCallbacks({ ctx, input: callbackLogFilterSchema.parse(q) });
const statusOf = async (id: number) => (await testDb().select({ s: payouts.status }).from(payouts).where(eq(payouts.id, id)))[0]?.s;

describe("the callback log", () => {
  it("lists a callback with headers, raw body, outcome and what it changed; support sees account numbers masked", async () => {
    const p = await processing();
    const r = await ingest(testDb(), signedCallback(thaiBody(p, "PROCESSING", 1500, { cashAccount: "1234567890" })));
    expect(r).toMatchObject({ accepted: true });
    const mine = (await list(admin.ctx, { order: p.orderNo })).items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ orderNo: p.orderNo, order: { type: "payout", id: p.id }, signatureValid: true, canReapply: true });
    expect(mine[0]?.rawBody).toContain("1234567890");
    expect(mine[0]?.headers["x-signature"]?.length).toBeGreaterThan(100);
    const masked = (await list(support.ctx, { order: p.orderNo })).items[0];
    expect(masked?.rawBody).not.toContain("1234567890");
    expect(masked?.rawBody).toContain("7890");
    expect(masked?.headers["x-signature"]).toMatch(/…$/);
    expect(masked?.canReapply).toBe(false);
  });

  it("pages by id (keyset) and filters by outcome", async () => {
    const p = await processing();
    await ingest(testDb(), signedCallback(thaiBody(p, "PROCESSING")));
    await ingest(testDb(), signedCallback(thaiBody(p, "SUCCESS")));
    const first = await list(admin.ctx, { order: p.tradeNo, limit: "1" });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(admin.ctx, { order: p.tradeNo, limit: "1", cursor: first.nextCursor ?? "" });
    expect(second.items[0]?.id).toBeLessThan(first.items[0]?.id ?? 0);
    expect(second.refusals).toBeNull();
    expect((await list(admin.ctx, { order: p.tradeNo, outcome: "confirming" })).items.map((i) => i.outcome)).toEqual(["confirming"]);
  });

  it("re-apply goes through inquiry-status and is idempotent", async () => {
    const p = await processing();
    const r = await ingest(testDb(), signedCallback(thaiBody(p, "SUCCESS")));
    if (!r.accepted) throw new Error("refused");
    // The gateway still says PROCESSING: the callback's SUCCESS claim changes nothing.
    expect(await reapplyCallback({ ctx: admin.ctx, id: r.callbackId })).toMatchObject({ result: "unchanged", status: "PROCESSING" });
    const settle = await fetch(`${gw.url}/sandbox/orders/${p.tradeNo}/fate`, { method: "POST", headers: controlHeaders(), body: JSON.stringify({ outcome: "SUCCESS" }) });
    expect(settle.status).toBe(200);
    expect(await reapplyCallback({ ctx: admin.ctx, id: r.callbackId })).toMatchObject({ result: "confirmed", status: "SUCCESS" });
    expect(await reapplyCallback({ ctx: admin.ctx, id: r.callbackId })).toMatchObject({ result: "unchanged", status: "SUCCESS" });
    const audits = await testDb().select().from(auditLog).where(sql`${auditLog.action} = 'callback.reapplied' and ${auditLog.targetId} = ${String(r.callbackId)}`);
    expect(audits).toHaveLength(3);
    const events = (await list(admin.ctx, { order: p.orderNo })).items.find((i) => i.id === r.callbackId)?.changed ?? [];
    expect(events.filter((e) => e.to === "SUCCESS" && e.from !== e.to)).toHaveLength(1);
  });

  it("an admin resolves a flagged conflict with a note: the flag is cleared, audited, once", async () => {
    const p = await processing();
    const r = await ingest(testDb(), signedCallback(thaiBody(p, "PROCESSING", 9999)));
    if (!r.accepted) throw new Error("refused");
    expect(r.outcome).toBe("conflict");
    expect((await testDb().select().from(payouts).where(eq(payouts.id, p.id)))[0]?.flaggedAt).not.toBeNull();
    await expect(resolveCallback({ ctx: admin.ctx, id: r.callbackId, input: { note: "checked with Smilepayz: amount ok" } })).resolves.toBeTruthy();
    const [row] = await testDb().select().from(payouts).where(eq(payouts.id, p.id));
    expect(row?.flaggedAt).toBeNull();
    expect(await statusOf(p.id)).toBe("PROCESSING");
    const item = (await list(admin.ctx, { order: p.orderNo })).items.find((i) => i.id === r.callbackId);
    expect(item).toMatchObject({ resolutionNote: "checked with Smilepayz: amount ok", canResolve: false });
    await expect(resolveCallback({ ctx: admin.ctx, id: r.callbackId, input: { note: "again" } })).rejects.toMatchObject({ code: "conflict" });
    const audits = await testDb().select().from(auditLog).where(sql`${auditLog.action} = 'callback.resolved' and ${auditLog.targetId} = ${String(r.callbackId)}`);
    expect(audits).toHaveLength(1);
  });

  const flagOf = async (id: number) => (await testDb().select({ f: payouts.flaggedAt }).from(payouts).where(eq(payouts.id, id)))[0]?.f ?? null;
  async function twoConflicts() {
    const p = await processing();
    const a = await ingest(testDb(), signedCallback(thaiBody(p, "PROCESSING", 9999)));
    const b = await ingest(testDb(), signedCallback(thaiBody(p, "PROCESSING", 8888)));
    if (!a.accepted || !b.accepted) throw new Error("refused");
    expect([a.outcome, b.outcome]).toEqual(["conflict", "conflict"]);
    return { p, a: a.callbackId, b: b.callbackId };
  }

  it("an order with two conflicts stays flagged until both are resolved", async () => {
    const { p, a, b } = await twoConflicts();
    const first = await resolveCallback({ ctx: admin.ctx, id: a, input: { note: "first checked with Smilepayz" } });
    expect(await flagOf(p.id)).not.toBeNull();
    expect(first).toMatchObject({ openConflicts: 1 });
    expect((await list(admin.ctx, { order: p.orderNo })).items.find((i) => i.id === b)).toMatchObject({ order: { flagged: true }, canResolve: true });
    expect(await resolveCallback({ ctx: admin.ctx, id: b, input: { note: "second checked with Smilepayz" } })).toMatchObject({ openConflicts: 0 });
    expect(await flagOf(p.id)).toBeNull();
    expect(await statusOf(p.id)).toBe("PROCESSING");
  });

  it("two admins resolving an order's last two conflicts at the same moment clear its flag", async () => {
    const other = await person("admin");
    for (let round = 0; round < 3; round++) {
      const { p, a, b } = await twoConflicts();
      await Promise.all([
        resolveCallback({ ctx: admin.ctx, id: a, input: { note: "checked, first of two" } }),
        resolveCallback({ ctx: other.ctx, id: b, input: { note: "checked, second of two" } }),
      ]);
      expect(await flagOf(p.id), `round ${round}`).toBeNull();
    }
  });
});
