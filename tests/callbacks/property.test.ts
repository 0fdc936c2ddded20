import fc from "fast-check";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { callbacks, orderEvents, payouts } from "@/db/schema";
import { finalStatuses } from "@/lib/orders/transitions";
import { closeDb, testDb } from "../helpers/db";
import { createMerchant, createPayout } from "../helpers/factories";
import { PLATFORM_PUBLIC_DER, ingest, signedCallback, thaiBody, uid, type Delivery } from "./helpers";

afterAll(() => closeDb());

const PAYOUTS = 100;
const PER_PAYOUT = 10;
const CONCURRENCY = 50;
const FINALS = ["SUCCESS", "FAILED", "EXPIRED"] as const;
const FINAL_SET = new Set(finalStatuses("payout"));

/** Per pay-out: the final status it will get, and 9 more callbacks (PROCESSING, the same final again, now and then a conflicting final). */
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

describe("1,000 shuffled and duplicated callbacks for 100 pay-outs at concurrency 50", () => {
  it("end with exactly one final transition per pay-out and no regression", async () => {
    const db = testDb();
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
        // Byte-identical duplicates: one signed delivery per (pay-out, status word).
        const signed = new Map<string, Delivery>();
        const delivery = (i: number, status: string) => {
          const key = `${i}:${status}`;
          const row = rows[i];
          if (!row) throw new Error("no row");
          let d = signed.get(key);
          if (!d) signed.set(key, (d = signedCallback(thaiBody({ orderNo: row.orderNo, tradeNo: tradeNos[i] ?? "" }, status, 1500, { merchantId: m.merchantId }))));
          return d;
        };
        const all = p.flatMap((x, i) => [x.final, ...x.rest.map((s) => (s === "SAME" ? x.final : s))].map((status) => ({ i, status })));
        const outcomes: string[] = [];
        await runPool(order, CONCURRENCY, async (k) => {
          const c = all[k];
          if (!c) throw new Error("no callback");
          const r = await ingest(db, delivery(c.i, c.status));
          outcomes.push(r.outcome);
        });
        expect(outcomes).toHaveLength(PAYOUTS * PER_PAYOUT);
        expect(outcomes.filter((o) => !["applied", "duplicate", "ignored", "conflict"].includes(o))).toEqual([]);

        const ids = rows.map((r) => r.id);
        const events = await db.select().from(orderEvents).where(inArray(orderEvents.payoutId, ids));
        const finalEvents = events.filter((e) => FINAL_SET.has(e.toStatus));
        expect(finalEvents).toHaveLength(PAYOUTS);
        expect(new Set(finalEvents.map((e) => e.payoutId)).size).toBe(PAYOUTS);
        expect(events.filter((e) => e.fromStatus !== null && FINAL_SET.has(e.fromStatus))).toEqual([]);

        const now = await db.select({ id: payouts.id, status: payouts.status, tradeNo: payouts.tradeNo }).from(payouts).where(inArray(payouts.id, ids));
        const applied = await db
          .select({ id: callbacks.id, payoutId: callbacks.payoutId, rawBody: callbacks.rawBody })
          .from(callbacks)
          .where(and(inArray(callbacks.payoutId, ids), eq(callbacks.outcome, "applied")));
        for (const [i, row] of rows.entries()) {
          const fe = finalEvents.find((e) => e.payoutId === row.id);
          const cur = now.find((r) => r.id === row.id);
          expect(cur?.status).toBe(fe?.toStatus);
          expect(cur?.tradeNo).toBe(tradeNos[i]);
          // The final event is the first final callback applied for it, and the only one.
          const appliedFinals = applied.filter((a) => a.payoutId === row.id && FINAL_SET.has((JSON.parse(a.rawBody) as { status: string }).status));
          expect(appliedFinals.map((a) => a.id)).toEqual([fe?.callbackId]);
          const plannedFinals = new Set<string>([p[i]?.final ?? "", ...(p[i]?.rest ?? [])].filter((s) => FINAL_SET.has(s)));
          expect(plannedFinals.has(fe?.toStatus ?? "")).toBe(true);
        }
      }),
      { numRuns: 3 },
    );
  }, 300_000);
});
