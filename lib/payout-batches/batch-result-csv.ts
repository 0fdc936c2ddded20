import "server-only";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { can } from "@/lib/auth/permissions";
import { csvResponse, type CsvColumns } from "@/lib/http/csv";
import { loadBatch } from "./get-batch";
import { runRows, type RunRow } from "./run-rows";

/** The file's own columns (lib/payout-batches/columns.ts), then what became of each row. */
const COLUMNS: CsvColumns<RunRow> = [
  ["row", (r) => r.row],
  ["region", (r) => r.region],
  ["method", (r) => r.method],
  ["account", (r) => r.account],
  ["amount", (r) => r.amount],
  ["currency", (r) => r.currency],
  ["purpose", (r) => r.purpose],
  ["receiverName", (r) => r.receiverName],
  ["taxNumber", (r) => r.taxNumber],
  ["network", (r) => r.network],
  ["orderNo", (r) => r.orderNo],
  ["tradeNo", (r) => r.tradeNo],
  ["status", (r) => r.status],
  ["reason", (r) => r.outcome?.summary ?? ""],
  ["finalAt", (r) => r.finalAt?.toISOString() ?? ""],
  ["paidAgainInRun", (r) => r.paidAgainBy?.batchId ?? ""],
];

/**
 * GET /api/payout-batches/{id}/result.csv: one line per row of the file, in file order: every column of the input
 * (account and tax number masked unless the viewer's role sees them whole), the currency, orderNo, tradeNo, status,
 * why it ended so in words (the gateway's reason, never the acceptance's "00 Successful"), when it became final
 * and the run that paid it again. Formula-looking cells are prefixed with ' (csvField). Audited.
 */
export async function batchResultCsv({ ctx, id }: { ctx: Ctx; id: number }): Promise<Response> {
  const b = await loadBatch(ctx, ctx.db, id);
  const rows = await runRows(ctx.db, id, { unmasked: can(ctx.user.role, "orders.unmasked") });
  await writeAudit(ctx.db, auditActor(ctx), { action: "payout_batch.result_exported", targetType: "payout_batch", targetId: id });
  return csvResponse(`run-${b.id}-result.csv`, COLUMNS, [rows].values());
}
