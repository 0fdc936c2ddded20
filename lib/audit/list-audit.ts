import "server-only";
import { and, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import type { Ctx } from "@/lib/api/context";
import type { AuditFilter } from "./schemas";

export const AUDIT_PAGE_SIZE = 50;
/** CSV exports are bounded: a year of a busy office fits; more needs a narrower filter. */
export const AUDIT_EXPORT_LIMIT = 100_000;

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function whereOf(f: AuditFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [
    f.actor ? ilike(auditLog.actorEmail, `%${escapeLike(f.actor)}%`) : undefined,
    f.action ? ilike(auditLog.action, `${escapeLike(f.action)}%`) : undefined,
    f.targetType ? eq(auditLog.targetType, f.targetType) : undefined,
    f.targetId ? eq(auditLog.targetId, f.targetId) : undefined,
    f.from ? gte(auditLog.createdAt, new Date(`${f.from}T00:00:00Z`)) : undefined,
    // `to` is inclusive: everything before the next midnight (UTC).
    f.to ? lt(auditLog.createdAt, new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000)) : undefined,
  ];
  return and(...parts.filter((p): p is SQL => p !== undefined));
}

export async function listAudit({ ctx, input }: { ctx: Ctx; input: AuditFilter }) {
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(whereOf(input))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((input.page - 1) * AUDIT_PAGE_SIZE);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE, page: input.page };
}

export async function* auditRowsForExport(ctx: Ctx, input: AuditFilter) {
  const batch = 1_000;
  for (let offset = 0; offset < AUDIT_EXPORT_LIMIT; offset += batch) {
    const rows = await ctx.db
      .select()
      .from(auditLog)
      .where(whereOf(input))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(batch)
      .offset(offset);
    yield* rows;
    if (rows.length < batch) return;
  }
}
