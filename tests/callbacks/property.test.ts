import fc from "fast-check";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbacks, orderEvents, payouts } from "@/db/schema";
import { confirmCallback, confirmCallbacks } from "@/lib/callbacks/confirm-callback";
import { stopQueue } from "@/lib/jobs/queue";
import { finalStatuses } from "@/lib/order-status/transitions";
import { RECONCILE_CYCLE_S } from "@/lib/gateway-work/cycle";
import { closeDb, testDb } from "../helpers/db";
import { createMerchant, createPayout } from "../helpers/factories";
import { ensureQueues } from "../payouts/helpers";
import { PLATFORM_PUBLIC_DER, gatewaySays, ingest, signedCallback, thaiBody, uid, type Delivery } from "./helpers";

beforeAll(() => ensureQueues());
afterAll(async () => {
  await stopQueue();
  await closeDb();
});

const PAYOUTS = 100;
const PER_PAYOUT = 10;
const CONCURRENCY = 50;
const FINALS = ["SUCCESS", "FAILED", "EXPIRED"] as const;
const FINAL_SET = new Set(finalStatuses("payout"));

/**
 * Per pay-out: the final status the gateway gives it (what inquiry-status answers), and 9 more callbacks
 * (PROCESSING, the same final again, now and then a conflicting final, as an edited body would say).
 */
const plan = fc.array(
  fc.record({
    final: fc.constantFrom(...FINALS),
    rest: fc.array(fc.oneof({ arbitrary: fc.constant("PROCESSING"), weight: 4 }, { arbitrary: fc.constant("SAME"), weight: 5 }, { arbitrary: fc.constantFrom(...FINALS), weight: 1 }), {
      minLength: PER_PAYOUT - 1,
      maxLength: PER_PAYOUT - 1,
    }),
  }),
  { minLength: PAYOUTS, maxLength: PAYOUTS },
);
const plusOrder = plan.chain((p) =>
  fc.shuffledSubarray([...Array(PAYOUTS * PER_PAYOUT).keys()], { minLength: PAYOUTS * PER_PAYOUT, maxLength: PAYOUTS * PER_PAYOUT }).map((order) => ({ p, order })),
);

async function runPool<T>(items: T[], n: number, fn: (t: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}

describe("1,000 shuffled and duplicated callbacks for 100 pay-outs at concurrency 50, each confirmation run twice at once", () => {
  it("end with exactly one final transition per pay-out, the gateway's, and no regression; every disagreement flagged", async () => {
    const db = testDb();
    const asks: number[] = [];
    let retried = 0;
    await fc.assert(
      fc.asyncProperty(plusOrder, async ({ p, order }) => {
        const m = await createMerchant(db, { platformPublicKey: PLATFORM_PUBLIC_DER });
        const starts = ["PROCESSING", "UNKNOWN", "SENDING"] as const;
        const rows = await Promise.all(
          p.map((_, i) => {
            const status = starts[i % 3] ?? "PROCESSING";
            return createPayout(db, { merchantId: m.id, status, tradeNo: status === "SENDING" ? null : `T${uid()}` });
          }),
        );
        const tradeNos = rows.map((r) => r.tradeNo ?? `T${uid()}`);
        // Byte-identical duplicates: one signed delivery per (pay-out, status word), each word signed at its own
        // second (one signature per tradeNo and timestamp).
        const signed = new Map<string, Delivery>();
        const words = ["PROCESSING", ...FINALS];
        const t0 = Date.now();
        const delivery = (i: number, status: string) => {
          const key = `${i}:${status}`;
          const row = rows[i];
          if (!row) throw new Error("no row");
          let d = signed.get(key);
          if (!d) {
            const at = new Date(t0 - words.indexOf(status) * 1000);
            signed.set(key, (d = signedCallback(thaiBody({ orderNo: row.orderNo, tradeNo: tradeNos[i] ?? "" }, status, 1500, { merchantId: m.merchantId }), { at })));
          }
          return d;
        };
        const all = p.flatMap((x, i) => [x.final, ...x.rest.map((s) => (s === "SAME" ? x.final : s))].map((status) => ({ i, status })));
        const gatewayFinal = new Map(rows.map((r, i) => [r.orderNo, p[i]?.final ?? "SUCCESS"]));
        const gatewayTradeNo = new Map(rows.map((r, i) => [r.orderNo, tradeNos[i]]));
        const gw = gatewaySays((orderNo) => gatewayFinal.get(orderNo) ?? "PROCESSING", undefined, (orderNo) => gatewayTradeNo.get(orderNo));
        const outcomes: string[] = [];
        const ids = rows.map((r) => r.id);
        await runPool(order, CONCURRENCY, async (k) => {
          const c = all[k];
          if (!c) throw new Error("no callback");
          const r = await ingest(db, delivery(c.i, c.status));
          outcomes.push(r.outcome);
          // The in-process confirmation and its job, racing each other and the other callbacks.
          if (r.outcome === "confirming") await Promise.all([0, 1].map(() => confirmCallback(db, r.callbackId ?? 0, { inquire: gw.inquire })));
        });
        // The jobs' retries: a confirmation that found its order asked about less than a cycle ago by another
        // callback's confirmation waited; a cycle later (here: moved back a cycle) its retry settles it.
        const retriedBefore = retried;
        for (let round = 0; round < 5; round++) {
          const waiting = await db.select({ id: callbacks.id, payoutId: callbacks.payoutId }).from(callbacks).where(and(eq(callbacks.merchantId, m.id), eq(callbacks.outcome, "confirming")));
          if (waiting.length === 0) break;
          retried += waiting.length;
          await db.update(payouts).set({ lastInquiryAt: sql`now() - make_interval(secs => ${RECONCILE_CYCLE_S})` }).where(inArray(payouts.id, ids));
          // As the workers take them: in batches (one settling transaction each), each batch taken twice at once.
          const batches = Array.from({ length: Math.ceil(waiting.length / 20) }, (_, b) => waiting.slice(b * 20, b * 20 + 20).map((c) => ({ callbackId: c.id })));
          await runPool(batches, CONCURRENCY, async (batch) => void (await Promise.all([0, 1].map(() => confirmCallbacks(db, batch, { inquire: gw.inquire })))));
        }
        // Once a cycle: one ask per pay-out, whatever the number of callbacks, plus one per retry round at most.
        asks.push(gw.asked.length);
        expect(gw.asked.length).toBeGreaterThanOrEqual(PAYOUTS);
        expect(gw.asked.length).toBeLessThanOrEqual(PAYOUTS + retried - retriedBefore);
        expect(outcomes).toHaveLength(PAYOUTS * PER_PAYOUT);
        expect(outcomes.filter((o) => !["applied", "duplicate", "ignored", "conflict", "confirming"].includes(o))).toEqual([]);
        const unsettledRows = await db.select({ id: callbacks.id }).from(callbacks).where(and(eq(callbacks.merchantId, m.id), eq(callbacks.outcome, "confirming")));
        expect(unsettledRows).toEqual([]);

        const events = await db.select().from(orderEvents).where(inArray(orderEvents.payoutId, ids)).orderBy(orderEvents.id);
        const finalEvents = events.filter((e) => FINAL_SET.has(e.toStatus));
        expect(finalEvents).toHaveLength(PAYOUTS);
        expect(new Set(finalEvents.map((e) => e.payoutId)).size).toBe(PAYOUTS);
        expect(events.filter((e) => e.fromStatus !== null && FINAL_SET.has(e.fromStatus))).toEqual([]);

        const now = await db
          .select({ id: payouts.id, status: payouts.status, tradeNo: payouts.tradeNo, flaggedAt: payouts.flaggedAt })
          .from(payouts)
          .where(inArray(payouts.id, ids));
        const settled = await db
          .select({ id: callbacks.id, payoutId: callbacks.payoutId, outcome: callbacks.outcome, rawBody: callbacks.rawBody })
          .from(callbacks)
          .where(and(inArray(callbacks.payoutId, ids), inArray(callbacks.outcome, ["applied", "conflict"])));
        for (const [i, row] of rows.entries()) {
          const fe = finalEvents.find((e) => e.payoutId === row.id);
          const cur = now.find((r) => r.id === row.id);
          // The gateway's final status, reached once, by inquiry-status, on behalf of one callback.
          expect(fe).toMatchObject({ toStatus: p[i]?.final, source: "inquiry" });
          expect(cur?.status).toBe(p[i]?.final);
          expect(cur?.tradeNo).toBe(tradeNos[i]);
          expect(settled.some((c) => c.id === fe?.callbackId)).toBe(true);
          // Final callbacks applied are those whose body agreed with the gateway: at most one per pay-out.
          const applied = settled.filter((c) => c.payoutId === row.id && c.outcome === "applied" && FINAL_SET.has((JSON.parse(c.rawBody) as { status: string }).status));
          expect(applied.length).toBeLessThanOrEqual(1);
          for (const a of applied) expect((JSON.parse(a.rawBody) as { status: string }).status).toBe(p[i]?.final);
          // A final callback other than the gateway's answer always reaches a person.
          const disagreed = (p[i]?.rest ?? []).some((s) => FINAL_SET.has(s) && s !== p[i]?.final);
          expect(cur?.flaggedAt != null).toBe(disagreed);
        }
      }),
      { numRuns: 3 },
    );
    console.log(`[property] inquiries per run ${asks.join(", ")} for ${PAYOUTS} pay-outs; confirmations retried a cycle later ${retried}`);
  }, 300_000);
});
