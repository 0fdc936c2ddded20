import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbacks, orderEvents } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { storeCallback } from "@/lib/callbacks/store-callback";
import { stopQueue } from "@/lib/jobs/queue";
import { closeDb, testDb } from "../helpers/db";
import { createMerchant, createPayout } from "../helpers/factories";
import { ensureQueues } from "../payouts/helpers";
import { PLATFORM_PUBLIC_DER, uid } from "./helpers";

beforeAll(() => ensureQueues());
afterAll(async () => {
  await stopQueue();
  await closeDb();
});

const ctx = () => systemCtx(testDb(), "callback", "203.0.113.9", "test");

async function processingPayout() {
  const m = await createMerchant(testDb(), { platformPublicKey: PLATFORM_PUBLIC_DER });
  const p = await createPayout(testDb(), { merchantId: m.id, status: "PROCESSING", tradeNo: `T${uid()}` });
  return { m, p, order: { type: "payout" as const, id: p.id, status: "PROCESSING", tradeNo: p.tradeNo } };
}

function row(p: { id: number; orderNo: string; tradeNo: string | null }, merchantId: number, signatureKey = uid()) {
  return {
    headers: { "x-timestamp": "2026-12-01T00:00:00+07:00" },
    rawBody: JSON.stringify({ orderNo: p.orderNo, tradeNo: p.tradeNo, status: "SUCCESS" }),
    tradeNo: p.tradeNo,
    orderNo: p.orderNo,
    merchantId,
    signatureValid: true,
    timestampFresh: true,
    outcome: "confirming" as const,
    payoutId: p.id,
    signatureKey,
    bodySha256: uid(),
  };
}

const note = { source: "callback" as const, note: "callback says SUCCESS: not applied until inquiry-status confirms it", rawPayload: "{}" };
const jobsOf = async (callbackId: number) =>
  (await testDb().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'callback-confirm' and data->>'callbackId' = ${String(callbackId)}`))[0]?.n;

describe("storeCallback: one statement for a callback that changes no status", () => {
  it("stores the callback row, its note and its confirmation job together", async () => {
    const { m, p, order } = await processingPayout();
    const r = await storeCallback(ctx(), order, row(p, m.id), note);
    expect(r.kind).toBe("stored");
    if (r.kind !== "stored") return;
    const [cb] = await testDb().select().from(callbacks).where(eq(callbacks.id, r.callbackId));
    expect(cb).toMatchObject({ outcome: "confirming", payoutId: p.id, merchantId: m.id, headers: { "x-timestamp": "2026-12-01T00:00:00+07:00" }, remoteIp: null });
    const events = await testDb().select().from(orderEvents).where(eq(orderEvents.payoutId, p.id)).orderBy(orderEvents.id);
    expect(events).toEqual([expect.objectContaining({ fromStatus: "PROCESSING", toStatus: "PROCESSING", source: "callback", actorName: "callback", callbackId: r.callbackId, note: note.note })]);
    expect(await jobsOf(r.callbackId)).toBe(1);
  });

  it("writes nothing when the order moved since it was read, or when the signature was claimed before", async () => {
    const { m, p, order } = await processingPayout();
    expect(await storeCallback(ctx(), { ...order, status: "SENDING" }, row(p, m.id), note)).toEqual({ kind: "moved" });
    expect(await storeCallback(ctx(), { ...order, tradeNo: "another" }, row(p, m.id), note)).toEqual({ kind: "moved" });
    const first = await storeCallback(ctx(), order, row(p, m.id, "same-signature-" + p.id), null);
    expect(first.kind).toBe("stored");
    expect(await storeCallback(ctx(), order, row(p, m.id, "same-signature-" + p.id), note)).toEqual({ kind: "claimed" });
    const rows = await testDb().select().from(callbacks).where(eq(callbacks.payoutId, p.id));
    expect(rows).toHaveLength(1);
    expect(await testDb().select().from(orderEvents).where(eq(orderEvents.payoutId, p.id)).orderBy(orderEvents.id)).toEqual([]);
    expect(await jobsOf(rows[0]?.id ?? 0)).toBe(0);
  });
});
