import "server-only";
import type { Ctx } from "@/lib/context";
import { AppError, type FieldErrors } from "@/lib/errors";
import { payoutCredential } from "@/lib/payouts/approval-need";
import type { CreatePayout } from "@/lib/payouts/schemas";
import { batchApprovalNeed } from "./batch-approval-need";
import { checkRows } from "./check-rows";
import { parseBatchFile } from "./parse-file";

/**
 * Reads only: before a run is submitted, whether it will wait for a second person, and why, by the same rule the
 * submit applies (batchApprovalNeed over the same checked rows). Nothing is stored.
 */
export async function previewBatchApproval({ ctx, input }: { ctx: Ctx; input: { credentialId: number; bytes: Uint8Array } }): Promise<{ required: boolean; reason: string }> {
  const file = parseBatchFile(input.bytes);
  if (!file.ok) throw new AppError("invalid_input", file.message, { file: file.message });
  const checked = checkRows(file.rows, input.credentialId);
  if (checked.badCount > 0) {
    const fields: FieldErrors = {};
    for (const r of checked.rows) for (const [col, msg] of Object.entries(r.errors)) fields[`rows.${r.row}.${col}`] = msg;
    throw new AppError("invalid_input", `${checked.badCount} of ${checked.rows.length} rows need attention.`, fields);
  }
  const m = await payoutCredential(ctx, input.credentialId);
  const rows = checked.rows.map((r) => r.value).filter((v): v is CreatePayout => v !== undefined);
  return batchApprovalNeed(ctx.db, m.id, rows);
}
