import { describe, expect, it } from "vitest";
import { balanceSnapshots } from "@/db/schema";
import { userCtx } from "@/lib/context";
import { PAYOUT_STATUSES } from "@/lib/order-status/transitions";
import { exportStatement } from "@/lib/statements/export-statement";
import { getStatement } from "@/lib/statements/get-statement";
import { statementSchema } from "@/lib/statements/schemas";
import { testDb } from "../helpers/db";
import { createMerchant, createPayin, createPayout, createUser } from "../helpers/factories";

const db = () => testDb();
const DAY = "2026-11-24";
const at = (iso: string) => new Date(iso);

async function financeCtx() {
  const u = await createUser(db(), { role: "finance", allMerchants: true });
  return userCtx(db(), { ...u, mustChangePassword: false, totpEnabled: true, sessionId: 0 });
}

describe("the daily statement", () => {
  it("sums each status's orders of the UTC day exactly, leaving out other days, currencies and credentials", async () => {
    const m = await createMerchant(db());
    const other = await createMerchant(db());
    const payoutRows: { status: "SUCCESS" | "FAILED" | "PROCESSING"; amountMinor: bigint; createdAt: Date; finalAt?: Date }[] = [
      { status: "SUCCESS", amountMinor: 150000n, createdAt: at(`${DAY}T00:00:00Z`), finalAt: at(`${DAY}T00:05:00Z`) },
      { status: "SUCCESS", amountMinor: 99n, createdAt: at(`${DAY}T12:00:00Z`), finalAt: at(`${DAY}T23:59:59Z`) },
      { status: "FAILED", amountMinor: 250050n, createdAt: at(`${DAY}T23:59:59.999Z`), finalAt: at("2026-11-25T00:10:00Z") },
      { status: "PROCESSING", amountMinor: 1n, createdAt: at(`${DAY}T08:00:00Z`) },
      // Paid this day, created the day before: settled, not counted as created.
      { status: "SUCCESS", amountMinor: 7000n, createdAt: at("2026-11-23T23:59:59Z"), finalAt: at(`${DAY}T01:00:00Z`) },
      { status: "SUCCESS", amountMinor: 5000n, createdAt: at("2026-11-25T00:00:00Z"), finalAt: at("2026-11-25T00:01:00Z") },
    ];
    for (const r of payoutRows) await createPayout(db(), { merchantId: m.id, ...r });
    await createPayout(db(), { merchantId: other.id, status: "SUCCESS", amountMinor: 123n, createdAt: at(`${DAY}T10:00:00Z`) });
    await createPayout(db(), { merchantId: m.id, region: "PH", currency: "PHP", status: "SUCCESS", amountMinor: 321n, createdAt: at(`${DAY}T10:00:00Z`), receiverName: "Juan" });
    await createPayin(db(), { merchantId: m.id, status: "SUCCESS", amountMinor: 30000n, createdAt: at(`${DAY}T03:00:00Z`), finalAt: at(`${DAY}T03:10:00Z`) });
    await createPayin(db(), { merchantId: m.id, status: "EXPIRED", amountMinor: 45000n, createdAt: at(`${DAY}T04:00:00Z`), finalAt: at(`${DAY}T05:00:00Z`) });
    await db().insert(balanceSnapshots).values([
      { merchantId: m.id, currency: "THB", kind: "payout", balanceMinor: 10_000_000n, takenAt: at(`${DAY}T00:00:00Z`) },
      { merchantId: m.id, currency: "THB", kind: "payin", balanceMinor: 1n, takenAt: at(`${DAY}T00:00:00Z`) },
      { merchantId: m.id, currency: "THB", kind: "payout", balanceMinor: 9_842_901n, takenAt: at("2026-11-25T00:00:03Z") },
    ]);

    const s = await getStatement({ ctx: await financeCtx(), input: statementSchema.parse({ credentialId: String(m.id), currency: "THB", day: DAY }) });
    const inDay = payoutRows.filter((r) => r.createdAt >= at(`${DAY}T00:00:00Z`) && r.createdAt < at("2026-11-25T00:00:00Z"));
    // In the status list's order (the enum's), each status present once.
    const expected = PAYOUT_STATUSES.filter((st) => inDay.some((r) => r.status === st)).map((status) => {
      const rows = inDay.filter((r) => r.status === status);
      return { kind: "payout", status, count: rows.length, sumMinor: rows.reduce((a, r) => a + r.amountMinor, 0n).toString() };
    });
    expect(s.lines.filter((l) => l.kind === "payout").map(({ kind, status, count, sumMinor }) => ({ kind, status, count, sumMinor }))).toEqual(expected);
    expect(s.lines.filter((l) => l.kind === "payin").map((l) => [l.status, l.count, l.sumMinor])).toEqual([["SUCCESS", 1, "30000"], ["EXPIRED", 1, "45000"]]);
    expect(s.totals.find((t) => t.kind === "payout")).toMatchObject({ count: inDay.length, sumMinor: inDay.reduce((a, r) => a + r.amountMinor, 0n).toString() });
    expect(s.settled).toMatchObject({ payoutsPaidMinor: String(150000n + 99n + 7000n), payinsReceivedMinor: "30000" });
    expect(s.opening).toMatchObject({ balanceMinor: "10000000", display: "100,000.00 THB", takenAt: `${DAY}T00:00:00.000Z` });
    expect(s.closing).toMatchObject({ balanceMinor: "9842901", takenAt: "2026-11-25T00:00:03.000Z" });
    expect(s).toMatchObject({ timeZone: "UTC", from: `${DAY}T00:00:00.000Z`, to: "2026-11-25T00:00:00.000Z" });

    const csv = await (await exportStatement({ ctx: await financeCtx(), input: { credentialId: m.id, currency: "THB", day: DAY } })).text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("section,item,count,amount_minor,amount,as_of");
    expect(lines).toContainEqual(expect.stringMatching(/^pay-outs created,total,4,400150,/));
    expect(lines).toContainEqual(expect.stringMatching(/^opening,pay-out account balance,,10000000,/));
  });

  it("says when a balance was not recorded, and refuses a credential outside the person's merchants", async () => {
    const m = await createMerchant(db());
    const s = await getStatement({ ctx: await financeCtx(), input: { credentialId: m.id, currency: "THB", day: DAY } });
    expect(s.opening).toBeNull();
    expect(s.closing).toBeNull();
    expect(s.lines).toEqual([]);
    const u = await createUser(db(), { role: "finance" });
    await expect(getStatement({ ctx: userCtx(db(), { ...u, mustChangePassword: false, totpEnabled: true, sessionId: 0 }), input: { credentialId: m.id, currency: "THB", day: DAY } })).rejects.toMatchObject({ code: "not_found" });
    expect(statementSchema.safeParse({ credentialId: m.id, currency: "THB", day: "2026-02-30" }).success).toBe(false);
  });
});
