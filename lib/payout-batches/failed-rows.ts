import "server-only";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import type { FailedRowsView } from "./failed-rows-view";
import { REGIONS } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import { loadBatch } from "./get-batch";
import { FAILED_ROW_STATUSES, runRows, type RunRow } from "./run-rows";

/** "1,500.00 THB" (the currency once: formatMoney names it). */
function amountText(currency: string, minor: bigint): string {
  const region = REGIONS.find((r) => r.currency === currency);
  return region ? formatMoney(minor, region) : `${minor} ${currency} (minor units)`;
}

/** Totals per currency of some rows, e.g. ["4,500.00 THB"]. */
export function totalsOf(rows: readonly Pick<RunRow, "currency" | "amountMinor">[]): string[] {
  const by = new Map<string, bigint>();
  for (const r of rows) by.set(r.currency, (by.get(r.currency) ?? 0n) + r.amountMinor);
  return [...by].map(([c, minor]) => amountText(c, minor));
}

/** GET /api/payout-batches/{id}/failed-rows: which rows failed, why, and what paying them again would send. */
export async function getFailedRows({ ctx, id }: { ctx: Ctx; id: number }): Promise<FailedRowsView> {
  await loadBatch(ctx, ctx.db, id);
  const rows = await runRows(ctx.db, id, { unmasked: can(ctx.user.role, "orders.unmasked"), only: FAILED_ROW_STATUSES });
  const open = rows.filter((r) => r.paidAgainBy === null);
  return {
    rows: rows.map((r) => ({
      payoutId: r.payoutId,
      row: r.row,
      orderNo: r.orderNo,
      tradeNo: r.tradeNo,
      status: r.status,
      amount: amountText(r.currency, r.amountMinor),
      beneficiary: r.receiverName,
      account: r.account,
      purpose: r.purpose,
      reason: r.outcome?.summary ?? "No reason recorded.",
      finalAt: r.finalAt?.toISOString() ?? null,
      paidAgainBy: r.paidAgainBy,
    })),
    payableAgain: open.length,
    payableAgainTotals: totalsOf(open),
    canPayAgain: can(ctx.user.role, "payouts.create") && open.length > 0,
  };
}
