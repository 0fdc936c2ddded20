import "server-only";
import { auditActor, type Ctx } from "@/lib/context";
import { auditRowsForExport } from "./list-audit";
import type { AuditFilter } from "./schemas";
import { writeAudit } from "./write-audit";

const COLUMNS = ["id", "time", "actor", "action", "target_type", "target_id", "ip", "before", "after"] as const;

/** RFC 4180 field; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The filtered audit log as a streamed CSV download. The export itself is audited. */
export async function exportAuditCsv({ ctx, input }: { ctx: Ctx; input: AuditFilter }): Promise<Response> {
  await writeAudit(ctx.db, auditActor(ctx), { action: "audit.exported", targetType: "audit_log", after: { filter: input } });
  const encoder = new TextEncoder();
  const rows = auditRowsForExport(ctx, input);
  // The first row is read before the 200 is sent: a query that fails does so as an error answer, not a cut stream.
  let pending: ReturnType<typeof rows.next> | null = Promise.resolve(await rows.next());
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${COLUMNS.join(",")}\r\n`));
    },
    async pull(controller) {
      const next = await (pending ?? rows.next());
      pending = null;
      if (next.done) {
        controller.close();
        return;
      }
      const r = next.value;
      const line = [r.id, r.createdAt.toISOString(), r.actorEmail, r.action, r.targetType, r.targetId, r.ip, r.before, r.after];
      controller.enqueue(encoder.encode(`${line.map(csvField).join(",")}\r\n`));
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
