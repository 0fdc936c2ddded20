import "server-only";
import { auditActor, type Ctx } from "@/lib/context";
import { csvResponse, type CsvColumns } from "@/lib/http/csv";
import { auditRowsForExport } from "./list-audit";
import type { AuditFilter } from "./schemas";
import { writeAudit } from "./write-audit";

type Row = Awaited<ReturnType<ReturnType<typeof auditRowsForExport>["next"]>>["value"] & object;

/** Header -> cell, in the file's column order. */
const CELLS: Record<string, (r: Row) => unknown> = {
  id: (r) => r.id,
  time: (r) => r.createdAt.toISOString(),
  // A person by e-mail; an API key (actor_kind api_key, no e-mail) by its name and prefix.
  actor: (r) => r.actorEmail ?? (r.actorKind === "api_key" ? r.actorName : null),
  action: (r) => r.action,
  target_type: (r) => r.targetType,
  target_id: (r) => r.targetId,
  ip: (r) => r.ip,
  before: (r) => r.before,
  after: (r) => r.after,
};
const COLUMNS: CsvColumns<Row> = Object.entries(CELLS);

/** The filtered audit log as a streamed CSV download, a row at a time. The export itself is audited. */
export async function exportAuditCsv({ ctx, input }: { ctx: Ctx; input: AuditFilter }): Promise<Response> {
  await writeAudit(ctx.db, auditActor(ctx), { action: "audit.exported", targetType: "audit_log", after: { filter: input } });
  async function* rows() {
    for await (const r of auditRowsForExport(ctx, input)) yield [r];
  }
  return csvResponse(`audit-log-${new Date().toISOString().slice(0, 10)}.csv`, COLUMNS, rows());
}
