import "server-only";
import { and, desc, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { payoutBatches, payouts, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { maskAccount } from "@/lib/orders/mask";
import { REGIONS } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import { encodeCursor } from "@/lib/validation/paging";
import { progressOf, type BatchSummary, type BatchView } from "./batch-view";
import type { ListBatchesFilter } from "./schemas";

export type { BatchView };
const creator = alias(users, "creator");
const approver = alias(users, "approver");

export function money(currency: string, minor: bigint): string {
  const region = REGIONS.find((r) => r.currency === currency);
  // formatMoney ends with the currency ("180,000.00 THB"): prefixing it again read "THB 180,000.00 THB".
  return region ? formatMoney(minor, region) : `${currency} ${minor} (minor units)`;
}

/** Who may pause or resume a run: its creator, an approver, or an admin (the cancel rule, with approvers). */
export function mayHoldBatch(user: Ctx["user"], createdBy: number | null): boolean {
  return can(user.role, "payouts.cancel") && (createdBy === user.id || can(user.role, "payouts.approve") || can(user.role, "payouts.cancel_any"));
}

/** The run's row inside the user's merchants; 404 otherwise. */
export async function loadBatch(ctx: Ctx, db: DbOrTx, id: number, lock = false) {
  const scope = await merchantScope(db, ctx.user);
  const q = db.select().from(payoutBatches).where(eq(payoutBatches.id, id));
  const row = (lock ? await q.for("update") : await q)[0];
  if (!row || (scope && !scope.includes(row.merchantId))) throw new AppError("not_found", "No such run.");
  return row;
}

/** GET /api/payout-batches/{id}: the run with its rows counted per status and its totals per currency. */
export async function getBatch({ ctx, id }: { ctx: Ctx; id: number }): Promise<BatchView> {
  const b = await loadBatch(ctx, ctx.db, id);
  const [people, counts, totals] = await Promise.all([
    ctx.db
      .select({ c: creator.name, a: approver.name })
      .from(payoutBatches)
      .leftJoin(creator, eq(creator.id, payoutBatches.createdBy))
      .leftJoin(approver, eq(approver.id, payoutBatches.approvedBy))
      .where(eq(payoutBatches.id, id)),
    ctx.db.select({ status: payouts.status, n: sql<number>`count(*)::int` }).from(payouts).where(eq(payouts.batchId, id)).groupBy(payouts.status),
    ctx.db
      .select({ currency: payouts.currency, n: sql<number>`count(*)::int`, total: sql<string>`sum(${payouts.amountMinor})::text` })
      .from(payouts)
      .where(eq(payouts.batchId, id))
      .groupBy(payouts.currency),
  ]);
  const c = Object.fromEntries(counts.map((r) => [r.status, r.n]));
  const progress = progressOf(c);
  const open = progress.waiting + progress.sent + progress.processing + progress.unknown;
  const status: BatchView["status"] =
    b.status === "PENDING_APPROVAL" || b.status === "REJECTED"
      ? b.status
      : b.status === "CANCELLED" && progress.cancelled === b.rowCount
        ? "CANCELLED"
        : b.status === "PAUSED" && progress.waiting > 0
          ? "PAUSED"
          : open > 0
            ? "DISPATCHING"
            : "COMPLETED";
  const mayDecide = can(ctx.user.role, "payouts.approve") && b.status === "PENDING_APPROVAL" && b.createdBy !== ctx.user.id;
  const mayCancel = can(ctx.user.role, "payouts.cancel") && (b.createdBy === ctx.user.id || can(ctx.user.role, "payouts.cancel_any"));
  return {
    id: b.id,
    status,
    credentialId: b.merchantId,
    fileName: b.fileName,
    sha256: b.sha256,
    contentHash: b.contentHash,
    rowCount: b.rowCount,
    approvalRequired: b.approvalRequired,
    approvalReason: b.approvalReason,
    createdBy: b.createdBy === null ? null : { id: b.createdBy, name: people[0]?.c ?? `user ${b.createdBy}` },
    approvedBy: b.approvedBy === null ? null : { id: b.approvedBy, name: people[0]?.a ?? `user ${b.approvedBy}` },
    createdAt: b.createdAt.toISOString(),
    counts: c,
    progress,
    totals: totals.map((t) => ({ currency: t.currency, count: t.n, totalMinor: t.total, total: money(t.currency, BigInt(t.total)) })),
    canApprove: mayDecide,
    canCancel: mayCancel && progress.waiting > 0 && (b.status === "PENDING_APPROVAL" || b.status === "APPROVED" || b.status === "PAUSED"),
    canPause: mayHoldBatch(ctx.user, b.createdBy) && progress.waiting > 0 && b.status === "APPROVED",
    canResume: mayHoldBatch(ctx.user, b.createdBy) && b.status === "PAUSED",
  };
}

/** What an approver sees before deciding: the run, its five largest rows per currency and its duplicates. */
export async function getBatchSummary({ ctx, id }: { ctx: Ctx; id: number }): Promise<BatchSummary> {
  const view = await getBatch({ ctx, id });
  // The five largest rows of each currency: amounts are compared within a currency only (900 USDT is not more than
  // 60,000 THB because its minor units are more).
  const largestRows = await ctx.db.execute<{ row: number; order_no: string; currency: string; amount_minor: string; account: string }>(sql`
    select row, order_no, currency, amount_minor::text, cash_account as account from (
      select row_number() over (order by id)::int as row, order_no, currency, amount_minor, cash_account,
             row_number() over (partition by currency order by amount_minor desc, id) as rank
        from payouts where batch_id = ${id}) r
     where rank <= 5 order by currency, amount_minor desc, row`);
  const largest = largestRows.map((r) => ({ row: r.row, orderNo: r.order_no, currency: r.currency, amountMinor: BigInt(r.amount_minor), account: r.account }));
  // Same beneficiary (the region's key: one wallet in any letter case, one receiver through any Pix key) and amount.
  const dupes = await ctx.db.execute<{ row: number; order_no: string; currency: string; amount_minor: string; account: string; reason: string }>(sql`
    with run as (select id, row_number() over (order by id)::int as row, order_no, currency, amount_minor, cash_account, beneficiary_key, merchant_id
                   from payouts where batch_id = ${id})
    select r.row, r.order_no, r.currency, r.amount_minor::text, r.cash_account as account,
           case when exists (select 1 from run o where o.beneficiary_key = r.beneficiary_key and o.amount_minor = r.amount_minor
                              and o.currency = r.currency and o.id < r.id) then 'same beneficiary and amount earlier in this run'
                else 'same beneficiary and amount as a pay-out of the last 24 hours' end as reason
      from run r
     where exists (select 1 from run o where o.beneficiary_key = r.beneficiary_key and o.amount_minor = r.amount_minor and o.currency = r.currency and o.id < r.id)
        or exists (select 1 from payouts p where p.merchant_id = r.merchant_id and p.currency = r.currency and p.beneficiary_key = r.beneficiary_key
                    and p.amount_minor = r.amount_minor and (p.batch_id is distinct from ${id})
                    and p.created_at > now() - interval '24 hours' and p.status not in ('CANCELLED', 'REJECTED', 'NOT_ACCEPTED'))
     order by r.row limit 200`);
  return {
    ...view,
    largest: largest.map((r) => ({ row: r.row, orderNo: r.orderNo, currency: r.currency, amount: money(r.currency, r.amountMinor), account: maskAccount(r.account) ?? "" })),
    duplicates: dupes.map((d) => ({ row: d.row, orderNo: d.order_no, account: maskAccount(d.account) ?? "", amount: money(d.currency, BigInt(d.amount_minor)), reason: d.reason })),
  };
}

export async function listBatches({ ctx, input }: { ctx: Ctx; input: ListBatchesFilter }): Promise<{ batches: BatchView[]; nextCursor: string | null }> {
  const scope = await merchantScope(ctx.db, ctx.user);
  // Runs made by this feature (a content hash); inside the user's merchants; the latest first, after the cursor.
  const rows = await ctx.db
    .select({ id: payoutBatches.id })
    .from(payoutBatches)
    .where(
      and(
        isNotNull(payoutBatches.contentHash),
        scope ? inArray(payoutBatches.merchantId, scope.length ? scope : [-1]) : undefined,
        input.cursor ? lt(payoutBatches.id, input.cursor.id) : undefined,
      ),
    )
    .orderBy(desc(payoutBatches.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    batches: await Promise.all(page.map((r) => getBatch({ ctx, id: r.id }))),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ id: last.id }) : null,
  };
}
