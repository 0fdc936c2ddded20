import { generateKeyPairSync } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, callbacks, payins, orderEvents } from "@/db/schema";
import type { DbOrTx } from "@/db";
import { confirmCallback } from "@/lib/callbacks/confirm-callback";
import { stopQueue } from "@/lib/jobs/queue";
import { parseTimestamp } from "@/lib/smilepayz/timestamp";
import { closeDb, testDb, withRollback } from "../helpers/db";
import { createMerchant, createPayin, createPayout } from "../helpers/factories";
import { vectors } from "../helpers/fixtures";
import { ensureQueues } from "../payouts/helpers";
import { PLATFORM_PUBLIC_DER, callbackRow, gatewaySays, ingest, payoutState, signedCallback, thaiBody, uid, type Delivery } from "./helpers";

beforeAll(() => ensureQueues());
afterAll(async () => {
  await stopQueue();
  await closeDb();
});

const vector = (name: string) => {
  const v = vectors.callbacks.find((c) => (c as { name?: string }).name === name);
  if (!v) throw new Error(`no vector ${name}`);
  return { ...v, delivery: { raw: v.body, headers: new Headers({ "x-timestamp": v.xTimestamp, "x-signature": v.xSignature }) } };
};
const vectorNow = (ts: string) => parseTimestamp(ts) ?? new Date(0);

/** The vectors' merchant (wire id 20001) with the fixture platform key, and its pay-out of the vector's order. */
async function vectorPayout(tx: DbOrTx, status: "PROCESSING" | "SENDING" | "SUCCESS" = "PROCESSING", tradeNo: string | null = "1022000109e998347483949") {
  const m = await createMerchant(tx, { merchantId: "20001", platformPublicKey: PLATFORM_PUBLIC_DER });
  return createPayout(tx, { merchantId: m.id, orderNo: "TH20261120000001", tradeNo, amountMinor: 150000n, currency: "THB", status });
}

/** A pay-out of its own merchant (random ids), committed, for callbacks signed here with the fixture key. */
async function ownPayout(status: "PROCESSING" | "SENDING" | "UNKNOWN" | "SUCCESS" | "APPROVED" = "PROCESSING", withTradeNo = true) {
  const db = testDb();
  const m = await createMerchant(db, { platformPublicKey: PLATFORM_PUBLIC_DER });
  const p = await createPayout(db, { merchantId: m.id, status, tradeNo: withTradeNo ? `T${uid()}` : null });
  return { m, p, ids: { orderNo: p.orderNo, tradeNo: p.tradeNo ?? `T${uid()}` } };
}

describe("the vectors' callbacks", () => {
  it("payout-success is news: stored, on the timeline, a confirmation job queued; inquiry-status SUCCESS applies it", async () => {
    const v = vector("payout-success");
    await withRollback(async (tx) => {
      const p = await vectorPayout(tx);
      const r = await ingest(tx, v.delivery, { now: vectorNow(v.xTimestamp), ip: "203.0.113.7" });
      expect(r).toMatchObject({ accepted: true, outcome: "confirming" });
      const waiting = await payoutState(tx, p.id);
      expect(waiting.row?.status).toBe("PROCESSING");
      expect(waiting.events).toHaveLength(1);
      expect(waiting.events[0]).toMatchObject({ fromStatus: "PROCESSING", toStatus: "PROCESSING", source: "callback", actorName: "callback", callbackId: r.callbackId, rawPayload: v.body });
      expect(await callbackRow(tx, r.callbackId)).toMatchObject({ outcome: "confirming", rawBody: v.body, signatureValid: true, timestampFresh: true, payoutId: p.id, remoteIp: "203.0.113.7", xTimestamp: v.xTimestamp, confirmedAt: null });
      const jobs = await tx.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'callback-confirm' and data->>'callbackId' = ${String(r.callbackId)}`);
      expect(jobs[0]?.n).toBe(1);

      const gw = gatewaySays("SUCCESS");
      expect(await confirmCallback(tx, r.callbackId ?? 0, { inquire: gw.inquire })).toMatchObject({ kind: "settled", outcome: "applied", status: "SUCCESS", reason: null });
      expect(gw.asked).toEqual([{ tradeType: 2, orderNo: "TH20261120000001" }]);
      const { row, events } = await payoutState(tx, p.id);
      expect(row).toMatchObject({ status: "SUCCESS", gatewayStatus: "SUCCESS", flaggedAt: null });
      expect(events).toHaveLength(2);
      expect(events[1]).toMatchObject({ fromStatus: "PROCESSING", toStatus: "SUCCESS", source: "inquiry", actorName: "callback", callbackId: r.callbackId });
      expect(JSON.parse(events[1]?.rawPayload ?? "{}")).toMatchObject({ status: "SUCCESS" });
      expect(await callbackRow(tx, r.callbackId)).toMatchObject({ outcome: "applied", confirmedAt: expect.any(Date) });
      const audits = await tx.select().from(auditLog).where(eq(auditLog.targetId, String(p.id)));
      expect(audits.some((a) => a.action === "payout.status_changed" && a.actorKind === "system" && a.actorName === "callback")).toBe(true);
      // The job, later, finds it settled and asks nobody.
      expect(await confirmCallback(tx, r.callbackId ?? 0, { inquire: gw.inquire })).toMatchObject({ kind: "done" });
      expect(gw.asked).toHaveLength(1);
    });
  });

  it("payout-failed-brazil: confirmed FAILED (amount in centavos)", async () => {
    const v = vector("payout-failed-brazil");
    await withRollback(async (tx) => {
      const m = await createMerchant(tx, { merchantId: "20001", platformPublicKey: PLATFORM_PUBLIC_DER });
      const p = await createPayout(tx, { merchantId: m.id, region: "BR", orderNo: "BR20261120000001", tradeNo: "1322000109e998347400001", amountMinor: 10000n, currency: "BRL", paymentMethod: "CPF", status: "PROCESSING" });
      const r = await ingest(tx, v.delivery, { now: vectorNow(v.xTimestamp) });
      expect(r).toMatchObject({ accepted: true, outcome: "confirming" });
      const settled = await confirmCallback(tx, r.callbackId ?? 0, { inquire: gatewaySays("FAILED", { currency: "BRL", amount: 10000 }).inquire });
      expect(settled).toMatchObject({ outcome: "applied", status: "FAILED" });
      expect((await payoutState(tx, p.id)).row?.status).toBe("FAILED");
    });
  });

  it("payin-success: confirmed with inquiry-status tradeType 1 (no pay-out has that order)", async () => {
    const v = vector("payin-success");
    await withRollback(async (tx) => {
      const m = await createMerchant(tx, { merchantId: "20001", platformPublicKey: PLATFORM_PUBLIC_DER });
      const p = await createPayin(tx, { merchantId: m.id, orderNo: "TI20261120000001", tradeNo: "1112001125042408363186433", amountMinor: 30000n, status: "PROCESSING" });
      const r = await ingest(tx, v.delivery, { now: vectorNow(v.xTimestamp) });
      expect(r).toMatchObject({ accepted: true, outcome: "confirming" });
      const gw = gatewaySays("SUCCESS", { currency: "THB", amount: 300 });
      expect(await confirmCallback(tx, r.callbackId ?? 0, { inquire: gw.inquire })).toMatchObject({ outcome: "applied" });
      expect(gw.asked).toEqual([{ tradeType: 1, orderNo: "TI20261120000001" }]);
      const [row] = await tx.select().from(payins).where(eq(payins.id, p.id));
      expect(row?.status).toBe("SUCCESS");
      expect((await callbackRow(tx, r.callbackId))?.payinId).toBe(p.id);
    });
  });

  it("the same callback again (same signature, same body) is a duplicate of the first row: no new row, no event", async () => {
    const v = vector("payout-success");
    await withRollback(async (tx) => {
      const p = await vectorPayout(tx);
      const now = vectorNow(v.xTimestamp);
      const first = await ingest(tx, v.delivery, { now });
      expect(first.outcome).toBe("confirming");
      for (let i = 0; i < 2; i++) expect(await ingest(tx, v.delivery, { now })).toMatchObject({ accepted: true, outcome: "duplicate", callbackId: first.callbackId });
      expect((await payoutState(tx, p.id)).events).toHaveLength(1);
      expect(await callbackRow(tx, first.callbackId)).toMatchObject({ duplicates: 2 });
      const rows = await tx.select().from(callbacks).where(eq(callbacks.payoutId, p.id));
      expect(rows).toHaveLength(1);
    });
  });

  it("the same signature with another body is refused (409, replayed) and recorded; the order is untouched", async () => {
    const v = vector("payout-success");
    await withRollback(async (tx) => {
      const p = await vectorPayout(tx);
      const now = vectorNow(v.xTimestamp);
      expect((await ingest(tx, v.delivery, { now })).outcome).toBe("confirming");
      const edited = { raw: v.body.replace('"SUCCESS"', '"FAILED"'), headers: v.delivery.headers };
      expect(edited.raw).not.toBe(v.body);
      const r = await ingest(tx, edited, { now });
      expect(r).toMatchObject({ accepted: false, outcome: "replayed", code: "conflict" });
      expect(await callbackRow(tx, r.callbackId)).toMatchObject({ outcome: "replayed", signatureValid: true, rawBody: edited.raw, signatureKey: null });
      // A Base64 spelling of the same bytes is the same signature.
      const respelled = { raw: edited.raw, headers: new Headers({ "x-timestamp": v.xTimestamp, "x-signature": `${v.xSignature}\n` }) };
      expect(await ingest(tx, respelled, { now })).toMatchObject({ accepted: false, outcome: "replayed" });
      const { row, events } = await payoutState(tx, p.id);
      expect(row?.status).toBe("PROCESSING");
      expect(events).toHaveLength(1);
    });
  });

  it("a callback that beats the pay-out response (SENDING, no tradeNo yet) is confirmed and sets the tradeNo", async () => {
    const v = vector("payout-success");
    await withRollback(async (tx) => {
      const p = await vectorPayout(tx, "SENDING", null);
      const r = await ingest(tx, v.delivery, { now: vectorNow(v.xTimestamp) });
      expect(r.outcome).toBe("confirming");
      await confirmCallback(tx, r.callbackId ?? 0, { inquire: gatewaySays("SUCCESS", undefined, "1022000109e998347483949").inquire });
      const { row } = await payoutState(tx, p.id);
      expect(row).toMatchObject({ status: "SUCCESS", tradeNo: "1022000109e998347483949" });
    });
  });
});

/** Run one refused delivery against the vector pay-out: a 4xx-class result, a stored row, nothing changed. */
async function expectRefused(make: (v: ReturnType<typeof vector>) => Delivery, outcome: string, opts: { now?: Date } = {}) {
  const v = vector("payout-success");
  await withRollback(async (tx) => {
    const p = await vectorPayout(tx);
    const before = await payoutState(tx, p.id);
    const r = await ingest(tx, make(v), { now: opts.now ?? vectorNow(v.xTimestamp) });
    expect(r.callbackId).not.toBeNull();
    expect(r).toMatchObject({ accepted: false, outcome });
    if (r.accepted) return;
    expect(["invalid_input", "unauthorized", "not_found"]).toContain(r.code);
    const after = await payoutState(tx, p.id);
    expect(after.row?.status).toBe("PROCESSING");
    expect(after.row?.version).toBe(before.row?.version);
    expect(after.events).toHaveLength(0);
    const cb = await callbackRow(tx, r.callbackId);
    expect(cb).toMatchObject({ outcome, payoutId: null });
    expect(cb?.error).toBeTruthy();
  });
}

const withHeaders = (v: ReturnType<typeof vector>, h: Record<string, string>, raw = v.body): Delivery => ({ raw, headers: new Headers(h) });
const bump = (s: string, i: number) => s.slice(0, i) + (s[i] === "9" ? "8" : "9") + s.slice(i + 1);

describe("refused callbacks change nothing and leave a record", () => {
  it("one changed byte of the tradeNo: forged", async () => {
    await expectRefused((v) => withHeaders(v, { "x-timestamp": v.xTimestamp, "x-signature": v.xSignature }, v.body.replace("1022000109e998347483949", bump("1022000109e998347483949", 22))), "forged");
  });

  it("one changed byte of X-TIMESTAMP: forged", async () => {
    await expectRefused((v) => withHeaders(v, { "x-timestamp": bump(v.xTimestamp, 18), "x-signature": v.xSignature }), "forged");
  });

  it("one changed byte of the signature: forged", async () => {
    await expectRefused((v) => withHeaders(v, { "x-timestamp": v.xTimestamp, "x-signature": `A${v.xSignature.slice(1)}` }), "forged");
  });

  it("one broken byte of the JSON: invalid", async () => {
    await expectRefused((v) => withHeaders(v, { "x-timestamp": v.xTimestamp, "x-signature": v.xSignature }, v.body.replace("{", "[")), "invalid");
  });

  it("a NUL byte in the body: invalid (stored, not a 500)", async () => {
    await expectRefused((v) => withHeaders(v, { "x-timestamp": v.xTimestamp, "x-signature": v.xSignature }, v.body.replace("Demo", "De\u0000mo")), "invalid");
  });

  it("a body without money: invalid", async () => {
    await expectRefused((v) => withHeaders(v, { "x-timestamp": v.xTimestamp, "x-signature": v.xSignature }, JSON.stringify({ ...JSON.parse(v.body), money: undefined })), "invalid");
  });

  it("a missing X-SIGNATURE: forged; a missing X-TIMESTAMP: invalid", async () => {
    await expectRefused((v) => withHeaders(v, { "x-timestamp": v.xTimestamp }), "forged");
    await expectRefused((v) => withHeaders(v, { "x-signature": v.xSignature }), "invalid");
  });

  it("signed with another key: forged", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    await expectRefused(() => signedCallback(thaiBody({ orderNo: "TH20261120000001", tradeNo: "1022000109e998347483949" }, "SUCCESS", 1500, { merchantId: "20001" }), { key: other }), "forged", { now: new Date() });
  });

  it("a timestamp 301 s off either way: stale; 299 s off: accepted", async () => {
    const body = thaiBody({ orderNo: "TH20261120000001", tradeNo: "1022000109e998347483949" }, "SUCCESS", 1500, { merchantId: "20001" });
    const now = new Date();
    await expectRefused(() => signedCallback(body, { at: new Date(now.getTime() - 301_000) }), "stale", { now });
    await expectRefused(() => signedCallback(body, { at: new Date(now.getTime() + 301_000) }), "stale", { now });
    await withRollback(async (tx) => {
      await vectorPayout(tx);
      const r = await ingest(tx, signedCallback(body, { at: new Date(now.getTime() - 299_000) }), { now });
      expect(r.outcome).toBe("confirming");
    });
  });

  it("an order nobody has: unknown_order", async () => {
    const r = await ingest(testDb(), signedCallback(thaiBody({ orderNo: `TH${uid()}`, tradeNo: `T${uid()}` }, "SUCCESS")));
    expect(r).toMatchObject({ accepted: false, outcome: "unknown_order", code: "not_found" });
    expect((await callbackRow(testDb(), r.callbackId))?.outcome).toBe("unknown_order");
  });

  it("another merchant's callback for the same orderNo does not reach this order", async () => {
    const { ids } = await ownPayout();
    const r = await ingest(testDb(), signedCallback(thaiBody(ids, "SUCCESS", 1500, { merchantId: `nobody-${uid()}` })));
    expect(r.outcome).toBe("unknown_order");
  });
});

describe("verified callbacks", () => {
  it("finds the order by orderNo without a merchantId (the order's merchant's key)", async () => {
    const { p, ids } = await ownPayout();
    const r = await ingest(testDb(), signedCallback(thaiBody(ids, "FAILED")));
    expect(r.outcome).toBe("confirming");
    await confirmCallback(testDb(), r.callbackId ?? 0, { inquire: gatewaySays("FAILED").inquire });
    expect((await payoutState(testDb(), p.id)).row?.status).toBe("FAILED");
  });

  it("PROCESSING moves UNKNOWN and SENDING on at once; a final one waits for inquiry-status; a later PROCESSING is ignored", async () => {
    for (const start of ["UNKNOWN", "SENDING"] as const) {
      const { p, ids } = await ownPayout(start);
      expect((await ingest(testDb(), signedCallback(thaiBody(ids, "PROCESSING")))).outcome).toBe("applied");
      expect((await payoutState(testDb(), p.id)).row?.status).toBe("PROCESSING");
      expect((await ingest(testDb(), signedCallback(thaiBody(ids, "PROCESSING")))).outcome).toBe("duplicate");
      const expired = await ingest(testDb(), signedCallback(thaiBody(ids, "EXPIRED")));
      expect(expired.outcome).toBe("confirming");
      await confirmCallback(testDb(), expired.callbackId ?? 0, { inquire: gatewaySays("EXPIRED").inquire });
      const late = await ingest(testDb(), signedCallback(thaiBody(ids, "PROCESSING")));
      expect(late).toMatchObject({ accepted: true, outcome: "ignored" });
      const { row, events } = await payoutState(testDb(), p.id);
      expect(row?.status).toBe("EXPIRED");
      expect(events.map((e) => `${e.fromStatus}>${e.toStatus}:${e.source}`)).toEqual([`${start}>PROCESSING:callback`, "PROCESSING>PROCESSING:callback", "PROCESSING>EXPIRED:inquiry"]);
    }
  });

  it("a status word the app does not act on is kept and ignored", async () => {
    const { p, ids } = await ownPayout();
    const r = await ingest(testDb(), signedCallback(thaiBody(ids, "ON_HOLD")));
    expect(r).toMatchObject({ accepted: true, outcome: "ignored" });
    expect((await payoutState(testDb(), p.id)).events).toHaveLength(0);
  });
});

describe("conflicts are accepted, not applied, and flagged for review", () => {
  async function expectConflict(setup: Awaited<ReturnType<typeof ownPayout>>, body: Record<string, unknown> & { tradeNo: string }, reason: RegExp) {
    const before = await payoutState(testDb(), setup.p.id);
    const r = await ingest(testDb(), signedCallback(body));
    expect(r).toMatchObject({ accepted: true, outcome: "conflict" });
    if (!r.accepted) return;
    const after = await payoutState(testDb(), setup.p.id);
    expect(after.row?.status).toBe(before.row?.status);
    expect(after.events).toHaveLength(before.events.length);
    expect(after.row?.flaggedAt).toBeInstanceOf(Date);
    expect(after.row?.flagReason).toMatch(reason);
    const cb = await callbackRow(testDb(), r.callbackId);
    expect(cb).toMatchObject({ outcome: "conflict", payoutId: setup.p.id, rawBody: JSON.stringify(body) });
    expect(cb?.reviewReason).toMatch(reason);
    const audits = await testDb().select().from(auditLog).where(eq(auditLog.targetId, String(setup.p.id)));
    expect(audits.some((a) => a.action === "payout.flagged")).toBe(true);
  }

  it("FAILED after SUCCESS", async () => {
    const s = await ownPayout();
    const first = await ingest(testDb(), signedCallback(thaiBody(s.ids, "SUCCESS")));
    await confirmCallback(testDb(), first.callbackId ?? 0, { inquire: gatewaySays("SUCCESS").inquire });
    await expectConflict(s, thaiBody(s.ids, "FAILED"), /order is SUCCESS, callback says FAILED/);
  });

  it("another amount", async () => {
    const s = await ownPayout();
    await expectConflict(s, thaiBody(s.ids, "SUCCESS", 1501), /amount 1501/);
  });

  it("another currency", async () => {
    const s = await ownPayout();
    await expectConflict(s, { ...thaiBody(s.ids, "SUCCESS"), money: { currency: "PHP", amount: 1500 } }, /currency PHP/);
  });

  it("a tradeNo other than the order's (found by orderNo)", async () => {
    const s = await ownPayout();
    await expectConflict(s, thaiBody({ orderNo: s.ids.orderNo, tradeNo: `X${uid()}` }, "SUCCESS"), /does not match the order's tradeNo/);
  });

  it("a callback for a pay-out never sent", async () => {
    const s = await ownPayout("APPROVED");
    await expectConflict(s, thaiBody(s.ids, "SUCCESS"), /while the order is APPROVED/);
  });
});

describe("orders events stay consistent", () => {
  it("no event row is ever written for a refused callback", async () => {
    const { p, ids } = await ownPayout();
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    await ingest(testDb(), signedCallback(thaiBody(ids, "SUCCESS"), { key: other }));
    const events = await testDb().select().from(orderEvents).where(eq(orderEvents.payoutId, p.id)).orderBy(orderEvents.id);
    expect(events).toHaveLength(0);
  });
});
