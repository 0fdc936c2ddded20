import "server-only";
import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { auditLog, merchants, users } from "@/db/schema";
import type { Ctx } from "@/lib/api/context";
import type { AuditFilter } from "./schemas";
import { startOfDay, startOfNextDay } from "@/lib/validation/dates";

export const AUDIT_PAGE_SIZE = 50;
/** CSV exports are bounded: a year of a busy office fits; more needs a narrower filter. */
export const AUDIT_EXPORT_LIMIT = 100_000;

const actorUser = alias(users, "actor_user");
const targetUser = alias(users, "target_user");

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function whereOf(f: AuditFilter): SQL | undefined {
  const actorLike = f.actor ? `%${escapeLike(f.actor)}%` : null;
  const parts: (SQL | undefined)[] = [
    // The actor filter matches what the page shows: the e-mail, the person's name, or a system actor's name.
    actorLike ? or(ilike(auditLog.actorEmail, actorLike), ilike(actorUser.name, actorLike), ilike(auditLog.actorName, actorLike)) : undefined,
    f.action ? ilike(auditLog.action, `${escapeLike(f.action)}%`) : undefined,
    f.targetType ? eq(auditLog.targetType, f.targetType) : undefined,
    f.targetId ? eq(auditLog.targetId, f.targetId) : undefined,
    f.from ? gte(auditLog.createdAt, startOfDay(f.from)) : undefined,
    // `to` is inclusive: everything before the next midnight (UTC).
    f.to ? lt(auditLog.createdAt, startOfNextDay(f.to)) : undefined,
  ];
  return and(...parts.filter((p): p is SQL => p !== undefined));
}

/** Audit rows with names: the acting person (or the system worker) and, for users and merchants, the target. */
function selectRows(db: DbOrTx, f: AuditFilter) {
  return db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      actorKind: auditLog.actorKind,
      actorUserId: auditLog.actorUserId,
      actorEmail: auditLog.actorEmail,
      actorName: sql<string | null>`coalesce(${auditLog.actorName}, ${actorUser.name})`,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      targetName: sql<string | null>`case ${auditLog.targetType} when 'user' then ${targetUser.name} when 'merchant' then ${merchants.name} end`,
      ip: auditLog.ip,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(actorUser, eq(actorUser.id, auditLog.actorUserId))
    .leftJoin(targetUser, and(eq(auditLog.targetType, "user"), eq(sql`${targetUser.id}::text`, auditLog.targetId)))
    .leftJoin(merchants, and(eq(auditLog.targetType, "merchant"), eq(sql`${merchants.id}::text`, auditLog.targetId)))
    .where(whereOf(f))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id));
}
export type AuditRowView = Awaited<ReturnType<typeof selectRows>>[number];

export async function listAudit({ ctx, input }: { ctx: Ctx; input: AuditFilter }) {
  const rows = await selectRows(ctx.db, input)
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((input.page - 1) * AUDIT_PAGE_SIZE);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE, page: input.page };
}

export async function* auditRowsForExport(ctx: Ctx, input: AuditFilter) {
  const batch = 1_000;
  for (let offset = 0; offset < AUDIT_EXPORT_LIMIT; offset += batch) {
    const rows = await selectRows(ctx.db, input).limit(batch).offset(offset);
    yield* rows;
    if (rows.length < batch) return;
  }
}
