import "server-only";
import { asc, eq } from "drizzle-orm";
import { payouts } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/api/context";
import { csvField } from "@/lib/audit/export-audit-csv";
import { writeAudit } from "@/lib/audit/write-audit";
import { loadBatch } from "./get-batch";

/**
 * GET /api/payout-batches/{id}/result.csv: one line per row of the file (row, orderNo, tradeNo, status, gateway
 * code and message). Cells a spreadsheet would run as a formula are prefixed with ' (csvField). Audited.
 */
export async function batchResultCsv({ ctx, id }: { ctx: Ctx; id: number }): Promise<Response> {
  const b = await loadBatch(ctx, ctx.db, id);
  const rows = await ctx.db
    .select({ orderNo: payouts.orderNo, tradeNo: payouts.tradeNo, status: payouts.status, code: payouts.gatewayCode, message: payouts.gatewayMessage })
    .from(payouts)
    .where(eq(payouts.batchId, id))
    .orderBy(asc(payouts.id));
  await writeAudit(ctx.db, auditActor(ctx), { action: "payout_batch.result_exported", targetType: "payout_batch", targetId: id });
  const lines = ["row,order_no,trade_no,status,gateway_code,gateway_message"];
  rows.forEach((r, i) => lines.push([i + 1, r.orderNo, r.tradeNo, r.status, r.code, r.message].map(csvField).join(",")));
  return new Response(`${lines.join("\r\n")}\r\n`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="run-${b.id}-result.csv"`,
      "cache-control": "no-store",
    },
  });
}
