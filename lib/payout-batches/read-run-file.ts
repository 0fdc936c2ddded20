import "server-only";
import type { Ctx } from "@/lib/context";
import { AppError, type FieldErrors } from "@/lib/errors";
import { payoutCredential } from "@/lib/payouts/approval-need";
import type { CreatePayout } from "@/lib/payouts/schemas";
import { checkRows, type CheckResult } from "./check-rows";
import { parseBatchFile } from "./parse-file";

/**
 * A run's file read and every row checked again with createPayoutSchema: one bad row refuses the whole, naming
 * each (`refused` ends the message: what did not happen). The credential must be one the user may pay from.
 */
export async function readRunFile(ctx: Ctx, input: { credentialId: number; bytes: Uint8Array }, refused = "") {
  const file = parseBatchFile(input.bytes);
  if (!file.ok) throw new AppError("invalid_input", file.message, { file: file.message });
  const checked: CheckResult = checkRows(file.rows, input.credentialId);
  if (checked.badCount > 0) {
    const fields: FieldErrors = {};
    for (const r of checked.rows) for (const [col, msg] of Object.entries(r.errors)) fields[`rows.${r.row}.${col}`] = msg;
    throw new AppError("invalid_input", `${checked.badCount} of ${checked.rows.length} rows need attention${refused}.`, fields);
  }
  const credential = await payoutCredential(ctx, input.credentialId);
  const rows = checked.rows.map((r) => r.value).filter((v): v is CreatePayout => v !== undefined);
  return { credential, checked, rows };
}
