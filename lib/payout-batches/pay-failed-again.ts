import "server-only";
import { createHash } from "node:crypto";
import type { Ctx } from "@/lib/context";
import { pgConstraint, pgErrorCode } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { BATCH_COLUMNS, type BatchColumn } from "./columns";
import { createBatch } from "./create-batch";
import type { BatchView } from "./get-batch";
import { loadBatch } from "./get-batch";
import { FAILED_ROW_STATUSES, runRows, type RunRow } from "./run-rows";
import type { PayFailedAgainInput } from "./schemas";

// A failed row is paid again to the details it was sent to (as typed columns), whether or not it came from a beneficiary.
const COLUMNS = BATCH_COLUMNS.filter((c): c is Exclude<BatchColumn, "orderNo" | "beneficiaryId"> => c !== "orderNo" && c !== "beneficiaryId");

function cell(v: string | null): string {
  const s = v ?? "";
  return /[",\r\n;\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The failed rows as a run's file: the input's columns, orderNo left empty so each row gets a new one. */
export function failedRowsFile(rows: readonly RunRow[]): Uint8Array {
  const value = (r: RunRow, c: (typeof COLUMNS)[number]): string | null =>
    ({ region: r.region, method: r.method, account: r.account, amount: r.amount, purpose: r.purpose, receiverName: r.receiverName, taxNumber: r.taxNumber, network: r.network })[c];
  const lines = [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((c) => cell(value(r, c))).join(","))];
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
}

/**
 * POST /api/payout-batches/{id}/pay-failed-again: the run's failed rows (FAILED, NOT_ACCEPTED, EXPIRED: no money
 * went out) not paid again yet become a NEW run with new orderNos, through createBatch like an uploaded file: the
 * same checks, approval rule and audit. Each failed pay-out is paid again at most once (payout_reruns, unique).
 */
export async function payFailedAgain({ ctx, id, input }: { ctx: Ctx; id: number; input: PayFailedAgainInput }): Promise<{ batch: BatchView; replayed: boolean }> {
  const b = await loadBatch(ctx, ctx.db, id);
  const failed = await runRows(ctx.db, id, { unmasked: true, only: FAILED_ROW_STATUSES });
  const open = failed.filter((r) => r.paidAgainBy === null);
  if (open.length === 0) {
    const runs = [...new Set(failed.flatMap((r) => (r.paidAgainBy ? [r.paidAgainBy.batchId] : [])))];
    throw new AppError("conflict", failed.length === 0 ? "No row of this run failed: there is nothing to pay again." : `Every failed row was already paid again (run ${runs.join(", ")}).`);
  }
  if (open.length !== input.expectedRows) {
    throw new AppError("conflict", `${open.length} failed rows can be paid again now, not ${input.expectedRows}: reload the run and check them again.`, {
      expectedRows: `${open.length} rows now`,
    });
  }
  const ids = open.map((r) => r.payoutId);
  const key = `rerun-${id}-${createHash("sha256").update(ids.join(",")).digest("hex").slice(0, 32)}`;
  try {
    return await createBatch({
      ctx,
      input: {
        credentialId: b.merchantId,
        fileName: `run-${id}-failed-rows.csv`,
        bytes: failedRowsFile(open),
        idempotencyKey: key,
        // The same failed rows may form the same file as an earlier re-run whose rows failed again: payout_reruns is the guard.
        confirmDuplicate: true,
        rerunOf: { batchId: id, payoutIds: ids },
      },
    });
  } catch (err) {
    if (pgErrorCode(err) === "23505" && pgConstraint(err) === "payout_reruns_failed_payout_id_unique") {
      throw new AppError("conflict", "Someone has just paid these rows again in another run: reload the run.");
    }
    throw err;
  }
}
