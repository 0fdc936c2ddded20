import "server-only";
import { payableBeneficiaries, payeeOf, whyNotPayable } from "@/lib/beneficiaries/payable";
import type { Ctx } from "@/lib/context";
import { AppError, type FieldErrors } from "@/lib/errors";
import { payoutCredential } from "@/lib/payouts/approval-need";
import { checkRows, type BeneficiaryLookup, type CheckResult, type RunPayout } from "./check-rows";
import { parseBatchFile, type ParsedRow } from "./parse-file";

/**
 * A run's file read and every row checked again with createPayoutSchema: one bad row refuses the whole, naming
 * each (`refused` ends the message: what did not happen). The credential must be one the user may pay from. Rows
 * naming a beneficiaryId are looked up in one query (payable.ts: the by-id pay-out's own rule) and paid to its
 * details as they are now; `linked` is what the creating transaction checks is unchanged.
 */
export async function readRunFile(ctx: Ctx, input: { credentialId: number; bytes: Uint8Array }, refused = "") {
  const file = parseBatchFile(input.bytes);
  if (!file.ok) throw new AppError("invalid_input", file.message, { file: file.message });
  const { lookup, linked } = await beneficiaryLookup(ctx, input.credentialId, file.rows);
  const checked: CheckResult = checkRows(file.rows, input.credentialId, lookup);
  if (checked.badCount > 0) {
    const fields: FieldErrors = {};
    for (const r of checked.rows) for (const [col, msg] of Object.entries(r.errors)) fields[`rows.${r.row}.${col}`] = msg;
    throw new AppError("invalid_input", `${checked.badCount} of ${checked.rows.length} rows need attention${refused}.`, fields);
  }
  const credential = await payoutCredential(ctx, input.credentialId);
  const rows = checked.rows.map((r) => r.value).filter((v): v is RunPayout => v !== undefined);
  const used = new Set(rows.flatMap((r) => (r.beneficiaryId === undefined ? [] : [r.beneficiaryId])));
  return { credential, checked, rows, linked: linked.filter((b) => used.has(b.id)) };
}

/** The file's beneficiaries of this credential in the user's merchants, read once; the rows ask the map. */
async function beneficiaryLookup(ctx: Ctx, credentialId: number, rows: readonly ParsedRow[]) {
  const ids = rows.flatMap((r) => {
    const id = Number((r.cells.beneficiaryId ?? "").trim());
    return Number.isSafeInteger(id) && id > 0 ? [id] : [];
  });
  const found = await payableBeneficiaries(ctx, credentialId, ids);
  const lookup: BeneficiaryLookup = (id) => {
    const b = found.get(id);
    const why = whyNotPayable(b);
    return why || !b ? { error: why ?? "" } : { payee: payeeOf(b) };
  };
  return { lookup, linked: [...found.values()].map((b) => ({ id: b.id, version: b.version })) };
}
