import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { merchants, payouts } from "@/db/schema";
import { demoSecrets, freshUser, nextTotpCode, signedIn, type Session } from "./helpers/app";

/** Issue 13 through the running app's JSON API: idempotency under concurrency, and maker-checker. */
const owner = postgres(inject("e2eDatabaseUrl"), { max: 2, onnotice: () => undefined });
const db = drizzle(owner);
let credentialId = 0;

beforeAll(async () => {
  const [m] = await db.select().from(merchants).where(eq(merchants.merchantId, demoSecrets().merchantId));
  credentialId = m?.id ?? 0;
});
afterAll(() => owner.end({ timeout: 5 }));

async function session(role: "finance" | "approver"): Promise<{ s: Session; id: number; email: string; secret: string | null }> {
  const u = await freshUser(role, { allMerchants: true });
  return { s: await signedIn(u.email, u.password, u.secret), id: u.id, email: u.email, secret: u.secret };
}

const post = (s: Session, key: string, body: unknown) =>
  s.fetch("/api/payouts", { method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify(body) });

async function waitFor<T>(fn: () => Promise<T | null | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("POST /api/payouts", () => {
  it("100 concurrent requests with one Idempotency-Key create one pay-out, which reaches the gateway once", async () => {
    const { s, id } = await session("finance");
    const key = `e2e-${randomBytes(8).toString("hex")}`;
    // An account of its own: other files pay 1234567890 (60,000 waiting in payouts.e2e.ts), and a beneficiary's
    // pay-outs of the last 24 hours count together against the threshold.
    const body = { credentialId, region: "TH", method: "KBANK", account: "1029384756", amount: "1,500", purpose: "Idempotency e2e" };
    const answers = await Promise.all(Array.from({ length: 100 }, () => post(s, key, body)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((st) => st === 200 || st === 201)).toBe(true);
    expect(statuses.filter((st) => st === 201)).toHaveLength(1);
    const ids = new Set(await Promise.all(answers.map(async (a) => ((await a.json()) as { payout: { id: number } }).payout.id)));
    expect(ids.size).toBe(1);
    const rows = await db.select().from(payouts).where(and(eq(payouts.createdBy, id), eq(payouts.idempotencyKey, key)));
    expect(rows).toHaveLength(1);
    const orderNo = rows[0]?.orderNo ?? "";
    // Under the threshold it goes straight to dispatch; the gateway's own table holds its orderNo once.
    await waitFor(async () => {
      const [r] = await db.select({ status: payouts.status }).from(payouts).where(eq(payouts.orderNo, orderNo));
      return r && r.status !== "APPROVED" && r.status !== "SENDING" ? r : null;
    });
    const [{ n } = { n: -1 }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from sandbox_gateway.orders where order_no = ${orderNo}`);
    expect(n).toBe(1);
    // The same key with another body is a conflict, not a second pay-out.
    const other = await post(s, key, { ...body, amount: "1,600" });
    expect(other.status).toBe(409);
  });

  it("maker-checker: over the threshold it waits; the creator and finance cannot approve; a second approver can", async () => {
    const { s: maker, id: makerId, email: makerEmail, secret: makerSecret } = await session("approver");
    const res = await post(maker, `e2e-${randomBytes(8).toString("hex")}`, {
      credentialId, region: "TH", method: "SCB", account: "9876543210", amount: "75,000", purpose: "Over the threshold",
    });
    expect(res.status).toBe(201);
    const { payout } = (await res.json()) as { payout: { id: number; status: string; contentHash: string } };
    expect(payout.status).toBe("PENDING_APPROVAL");
    const own = await maker.json(`/api/payouts/${payout.id}/approve`, "POST", { code: await nextTotpCode(makerEmail, makerSecret ?? ""), contentHash: payout.contentHash });
    expect(own.status).toBe(403);
    const { s: fin } = await session("finance");
    expect((await fin.json(`/api/payouts/${payout.id}/approve`, "POST", { code: "123456", contentHash: payout.contentHash })).status).toBe(403);
    const checker = await session("approver");
    const stale = await checker.s.json(`/api/payouts/${payout.id}/approve`, "POST", { code: await nextTotpCode(checker.email, checker.secret ?? ""), contentHash: "0".repeat(64) });
    expect(stale.status).toBe(409);
    const ok = await checker.s.json(`/api/payouts/${payout.id}/approve`, "POST", { code: await nextTotpCode(checker.email, checker.secret ?? ""), contentHash: payout.contentHash });
    expect(ok.status).toBe(200);
    const [row] = await db.select().from(payouts).where(eq(payouts.id, payout.id));
    expect(row?.approvedBy).toBe(checker.id);
    expect(row?.createdBy).toBe(makerId);
    await waitFor(async () => {
      const [r] = await db.select({ status: payouts.status }).from(payouts).where(eq(payouts.id, payout.id));
      return r && ["PROCESSING", "SUCCESS", "FAILED", "EXPIRED"].includes(r.status) ? r : null;
    });
  });
});
