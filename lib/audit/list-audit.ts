import "server-only";
import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { auditLog, merchants, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import type { AuditFilter } from "./schemas";
import { startOfDay, startOfNextDay } from "@/lib/validation/dates";
import { encodeCursor } from "@/lib/validation/paging";

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
function selectRows(db: DbOrTx, f: AuditFilter, after?: SQL) {
  return db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      /** created_at to the microsecond, for the keyset cursor. */
      createdAtKey: sql<string>`to_char(${auditLog.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
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
    .where(and(whereOf(f), after))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id));
}
export type AuditRowView = Awaited<ReturnType<typeof selectRows>>[number];

/** A page of the log, newest first: by page number (offset), or after a keyset `cursor`; `limit` rows. */
export async function listAudit({ ctx, input }: { ctx: Ctx; input: AuditFilter }) {
  const after = input.cursor;
  const rows = await selectRows(ctx.db, input, after ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (${after.at}::timestamptz, ${after.id})` : undefined)
    .limit(input.limit + 1)
    .offset(after ? 0 : (input.page - 1) * input.limit);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const hasMore = rows.length > input.limit;
  return {
    rows: page.map(({ createdAtKey: _key, ...r }) => r),
    hasMore,
    page: input.page,
    nextCursor: hasMore && last ? encodeCursor({ at: last.createdAtKey, id: last.id }) : null,
  };
}

export async function* auditRowsForExport(ctx: Ctx, input: AuditFilter) {
  const batch = 1_000;
  for (let offset = 0; offset < AUDIT_EXPORT_LIMIT; offset += batch) {
    const rows = await selectRows(ctx.db, input).limit(batch).offset(offset);
    yield* rows;
    if (rows.length < batch) return;
  }
}
