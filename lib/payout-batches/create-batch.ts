import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { payoutBatches, payoutReruns, payouts } from "@/db/schema";
import { auditActor, withDb, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { CHANGED, lockUnchanged } from "@/lib/beneficiaries/payable";
import { AppError, type FieldErrors } from "@/lib/errors";
import { enqueueMany } from "@/lib/jobs/queue";
import { createOrders } from "@/lib/orders/create-order";
import { beneficiaryOf } from "@/lib/payouts/approval-need";
import { sealApproval, type SealedFacts } from "@/lib/payouts/approval-seal";
import { contentHash } from "@/lib/payouts/content-hash";
import { PAYOUT_DISPATCH } from "@/lib/jobs/queues";
import { getRegion } from "@/lib/smilepayz/regions";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { batchApprovalNeed } from "./batch-approval-need";
import type { CheckResult, CurrencyTotal, RunPayout } from "./check-rows";
import { getBatch, type BatchView } from "./get-batch";
import { readRunFile } from "./read-run-file";
import { batchFileNameSchema } from "./schemas";

export interface CreateBatchInput {
  credentialId: number;
  fileName: string;
  bytes: Uint8Array;
  idempotencyKey: string;
  /** The user saw "this file was already submitted" and sends it again on purpose. */
  confirmDuplicate: boolean;
  /** The failed rows of an earlier run paid again (rerun-failed-rows.ts): the file's rows are these pay-outs, in order. */
  rerunOf?: { batchId: number; payoutIds: readonly number[] };
}

/** sha256 of the run: its file, and every row's content hash in order. An approver's code binds to it. */
export function batchHash(fileSha: string, rowHashes: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify([fileSha, rowHashes]), "utf8").digest("hex");
}

/**
 * A run from a file, whole or not at all: every row checked again with createPayoutSchema (one bad row refuses the
 * run, naming each), then the run and all its pay-outs (orderNos fixed now) in one transaction, waiting for a
 * second person or approved with their dispatch jobs in that same commit. The Idempotency-Key returns the same run.
 */
export async function createBatch({ ctx, input }: { ctx: Ctx; input: CreateBatchInput }): Promise<{ batch: BatchView; replayed: boolean }> {
  // The name a multipart upload carries reaches here unparsed: the same text rule as the query's fileName.
  const fileName = batchFileNameSchema.safeParse(input.fileName);
  if (!fileName.success) {
    const message = fileName.error.issues[0]?.message ?? "Rename the file";
    throw new AppError("invalid_input", `The file's name needs attention (${message}); nothing was stored.`, { fileName: message });
  }
  const prior = await byKey(ctx, input.idempotencyKey);
  if (prior) return { batch: await getBatch({ ctx, id: prior }), replayed: true };
  const { credential: m, checked, rows, linked } = await readRunFile(ctx, input, "; nothing was stored");
  const fileSha = createHash("sha256").update(input.bytes).digest("hex");
  if (!input.confirmDuplicate) await refuseSameFile(ctx, m.id, fileSha);
  await refuseUsedOrderNos(ctx, m.id, checked);
  const planned = rows.map((r) => {
    const content = { credentialId: m.id, merchantId: m.merchantId, region: r.region, currency: r.currency, amountMinor: r.amountMinor, method: r.method, account: r.account, receiverName: r.receiverName, taxNumber: r.taxNumber, network: r.network };
    return { r, orderNo: r.orderNo ?? generateOrderNo(getRegion(r.region).orderNoPrefix), hash: contentHash(content), content };
  });
  const run = { fileName: fileName.data, fileSha, contentHash: batchHash(fileSha, planned.map((p) => p.hash)), totals: checked.totals };
  const id = await storeRun(ctx, input, m.id, run, planned, linked);
  if (id === null) {
    const again = await byKey(ctx, input.idempotencyKey);
    if (again) return { batch: await getBatch({ ctx, id: again }), replayed: true };
    throw new AppError("conflict", "This run could not be stored; try again.");
  }
  return { batch: await getBatch({ ctx, id }), replayed: false };
}

async function refuseSameFile(ctx: Ctx, merchantId: number, fileSha: string) {
  const same = await ctx.db.select({ id: payoutBatches.id }).from(payoutBatches).where(and(eq(payoutBatches.merchantId, merchantId), eq(payoutBatches.sha256, fileSha))).limit(1);
  if (same[0]) {
    throw new AppError("conflict", `This file was already submitted as run ${same[0].id}. Send it again only if these pay-outs must be paid twice.`, {
      confirmDuplicate: "Same file as an earlier run: confirm to submit it again",
    });
  }
}

async function refuseUsedOrderNos(ctx: Ctx, merchantId: number, checked: CheckResult) {
  const given = checked.rows.flatMap((r) => (r.value?.orderNo ? [r.value.orderNo] : []));
  if (given.length === 0) return;
  const used = await ctx.db.select({ orderNo: payouts.orderNo }).from(payouts).where(and(eq(payouts.merchantId, merchantId), inArray(payouts.orderNo, given)));
  if (used.length === 0) return;
  const taken = new Set(used.map((u) => u.orderNo));
  const fields: FieldErrors = {};
  checked.rows.forEach((r) => {
    if (r.value?.orderNo && taken.has(r.value.orderNo)) fields[`rows.${r.row}.orderNo`] = "Already used: choose another orderNo or leave it empty";
  });
  throw new AppError("conflict", `${used.length} orderNos are already used; nothing was stored.`, fields);
}

type Planned = { r: RunPayout; orderNo: string; hash: string; content: SealedFacts["content"] };

/** The rows' beneficiaries as they were read, locked; one changed since refuses the run on its rows. */
async function refuseChangedBeneficiaries(tx: Parameters<typeof lockUnchanged>[0], linked: Parameters<typeof lockUnchanged>[1], planned: readonly Planned[]) {
  const changed = new Set(await lockUnchanged(tx, linked));
  if (changed.size === 0) return;
  const fields: FieldErrors = {};
  planned.forEach((p, i) => {
    if (p.r.beneficiaryId !== undefined && changed.has(p.r.beneficiaryId)) fields[`rows.${i + 1}.beneficiaryId`] = CHANGED;
  });
  throw new AppError("invalid_input", `${Object.keys(fields).length} rows name a beneficiary that changed a moment ago; nothing was stored.`, fields);
}

/** The run, its pay-outs (each with its first event and notification), a re-run's links, the audit and the jobs. */
async function storeRun(ctx: Ctx, input: CreateBatchInput, merchantId: number, run: { fileName: string; fileSha: string; contentHash: string; totals: CurrencyTotal[] }, planned: Planned[], linked: Parameters<typeof lockUnchanged>[1]): Promise<number | null> {
  return ctx.db.transaction(async (tx) => {
    const t = withDb(ctx, tx);
    await refuseChangedBeneficiaries(tx, linked, planned);
    const need = await batchApprovalNeed(tx, merchantId, planned.map((p) => p.r));
    const status = need.required ? ("PENDING_APPROVAL" as const) : ("APPROVED" as const);
    const [batch] = await tx
      .insert(payoutBatches)
      .values({ merchantId, fileName: run.fileName, sha256: run.fileSha, rowCount: planned.length, validCount: planned.length, status, createdBy: ctx.user.id, idempotencyKey: input.idempotencyKey, contentHash: run.contentHash, approvalRequired: need.required, approvalReason: need.reason })
      .onConflictDoNothing()
      .returning({ id: payoutBatches.id });
    if (!batch) return null;
    const ids = await createOrders(t, "payout", planned.map(({ r, orderNo, hash, content }) => ({
      status,
      note: `created in run ${batch.id}: ${need.reason}`,
      values: {
        merchantId, region: r.region, orderNo, amountMinor: r.amountMinor, currency: r.currency, paymentMethod: r.method, cashAccount: r.account, purpose: r.purpose,
        beneficiaryKey: beneficiaryOf(merchantId, r).beneficiaryKey, beneficiaryId: r.beneficiaryId ?? null, receiverName: r.receiverName ?? null, taxNumber: r.taxNumber ?? null, network: r.network ?? null,
        batchId: batch.id, createdBy: ctx.user.id, contentHash: hash, approvalRequired: need.required,
        // Under every threshold the creation is the run's approval: each row sealed with its run.
        approvalSeal: need.required ? null : sealApproval({ content, purpose: r.purpose, orderNo, runId: batch.id }),
      },
    })));
    const rerun = input.rerunOf;
    if (rerun) {
      if (rerun.payoutIds.length !== ids.length) throw new Error("createBatch: a re-run names one failed pay-out per row");
      // Unique per failed pay-out: a row is paid again once, whoever races to do it (the insert refuses the second).
      await tx.insert(payoutReruns).values(ids.map((newPayoutId, i) => ({ failedPayoutId: rerun.payoutIds[i] ?? 0, newPayoutId, fromBatchId: rerun.batchId, toBatchId: batch.id })));
      await writeAudit(tx, auditActor(ctx), { action: "payout_batch.failed_rows_paid_again", targetType: "payout_batch", targetId: rerun.batchId, after: { newRun: batch.id, rows: ids.length, payoutIds: rerun.payoutIds } });
    }
    const after = { fileName: run.fileName, sha256: run.fileSha, rows: planned.length, status, totals: run.totals, confirmDuplicate: input.confirmDuplicate, ...(rerun ? { rerunOf: rerun.batchId } : {}) };
    await writeAudit(tx, auditActor(ctx), { action: "payout_batch.created", targetType: "payout_batch", targetId: batch.id, after });
    // In file order: one job per row, sent in the order of the rows (pg-boss fetches oldest first).
    if (!need.required) await enqueueMany(tx, PAYOUT_DISPATCH, ids.map((pid) => ({ data: { payoutId: pid } })));
    return batch.id;
  });
}

async function byKey(ctx: Ctx, key: string): Promise<number | null> {
  const r = await ctx.db
    .select({ id: payoutBatches.id })
    .from(payoutBatches)
    .where(and(eq(payoutBatches.createdBy, ctx.user.id), eq(payoutBatches.idempotencyKey, key)))
    .limit(1);
  return r[0]?.id ?? null;
}
