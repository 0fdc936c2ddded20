import "server-only";
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { balanceSnapshots, merchants, payins, payouts } from "@/db/schema";
import { merchantScope } from "@/lib/auth/merchant-scope";
import type { Ctx } from "@/lib/context";
import type { DbOrTx } from "@/db";
import { AppError } from "@/lib/errors";
import { regionByCurrency } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import { statusWord } from "@/lib/words/statuses";
import type { StatementInput } from "./schemas";
import type { StatementBalance, StatementLine, StatementView } from "./statement-view";

/** How long after a boundary a snapshot still counts as taken at it (the job may run late after downtime). */
const SNAPSHOT_GRACE_MS = 2 * 3_600_000;

/**
 * One credential's day in one currency (a UTC day): the pay-out account's opening and closing balance, the pay-outs
 * and pay-ins created that day by status with counts and sums, and what settled that day. Sums are the database's
 * (bigint minor units), so they equal the orders' own amounts.
 */
export async function getStatement({ ctx, input }: { ctx: Ctx; input: StatementInput }): Promise<StatementView> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const [m] = await ctx.db.select({ id: merchants.id, name: merchants.name }).from(merchants).where(eq(merchants.id, input.credentialId));
  if (!m || (scope !== null && !scope.includes(m.id))) throw new AppError("not_found", "No such credential among yours.", { credentialId: "No such credential among yours" });
  const region = regionByCurrency(input.currency);
  if (!region) throw new AppError("invalid_input", "Some fields need attention.", { currency: "No region uses this currency" });
  const from = new Date(`${input.day}T00:00:00Z`);
  const to = new Date(from.getTime() + 86_400_000);
  const money = (minor: bigint) => formatMoney(minor, region);
  const lines: StatementLine[] = [];
  for (const [kind, t] of [["payout", payouts], ["payin", payins]] as const) {
    const rows = await ctx.db
      .select({ status: t.status, n: sql<number>`count(*)::int`, sum: sql<string>`coalesce(sum(${t.amountMinor}), 0)::text` })
      .from(t)
      .where(and(eq(t.merchantId, m.id), eq(t.currency, input.currency), gte(t.createdAt, from), lt(t.createdAt, to)))
      .groupBy(t.status)
      .orderBy(asc(t.status));
    for (const r of rows) lines.push({ kind, status: r.status, statusWords: statusWord(kind, r.status), count: r.n, sumMinor: r.sum, sumDisplay: money(BigInt(r.sum)) });
  }
  const totals = (["payout", "payin"] as const).map((kind) => {
    const mine = lines.filter((l) => l.kind === kind);
    const sum = mine.reduce((s, l) => s + BigInt(l.sumMinor), 0n);
    return { kind, count: mine.reduce((s, l) => s + l.count, 0), sumMinor: sum.toString(), sumDisplay: money(sum) };
  });
  const paid = await settledSum(ctx.db, payouts.amountMinor, payouts, m.id, input.currency, from, to);
  const received = await settledSum(ctx.db, payins.amountMinor, payins, m.id, input.currency, from, to);
  return {
    credentialId: m.id, credentialName: m.name, currency: input.currency, day: input.day, timeZone: "UTC",
    from: from.toISOString(), to: to.toISOString(),
    opening: await snapshotAt(ctx.db, m.id, input.currency, from, money),
    closing: await snapshotAt(ctx.db, m.id, input.currency, to, money),
    lines, totals,
    settled: { payoutsPaidMinor: paid.toString(), payoutsPaidDisplay: money(paid), payinsReceivedMinor: received.toString(), payinsReceivedDisplay: money(received) },
  };
}

async function settledSum(db: DbOrTx, amount: PgColumn, t: typeof payouts | typeof payins, merchantId: number, currency: string, from: Date, to: Date): Promise<bigint> {
  const [r] = await db
    .select({ sum: sql<string>`coalesce(sum(${amount}), 0)::text` })
    .from(t)
    .where(and(eq(t.merchantId, merchantId), eq(t.currency, currency), eq(t.status, "SUCCESS"), gte(t.finalAt, from), lt(t.finalAt, to)));
  return BigInt(r?.sum ?? "0");
}

/** The pay-out account's first snapshot at or just after a boundary; null when none was taken then. */
async function snapshotAt(db: DbOrTx, merchantId: number, currency: string, at: Date, money: (m: bigint) => string): Promise<StatementBalance | null> {
  const [s] = await db
    .select()
    .from(balanceSnapshots)
    .where(and(eq(balanceSnapshots.merchantId, merchantId), eq(balanceSnapshots.currency, currency), eq(balanceSnapshots.kind, "payout"), gte(balanceSnapshots.takenAt, at), lt(balanceSnapshots.takenAt, new Date(at.getTime() + SNAPSHOT_GRACE_MS))))
    .orderBy(asc(balanceSnapshots.takenAt))
    .limit(1);
  if (!s) return null;
  return { balanceMinor: s.balanceMinor.toString(), availableMinor: s.availableMinor?.toString() ?? null, display: money(s.balanceMinor), takenAt: s.takenAt.toISOString() };
}
