import "server-only";
import { auditLog } from "@/db/schema";
import type { DbOrTx } from "@/db";
import type { AuditActor } from "@/lib/context";
import { redact } from "./redact";

export type { AuditActor };

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Append one audit row. Call it with the same transaction as the change it records, so the change and its
 * audit row commit (or roll back) together. Snapshots pass through `redact`: no secret is ever stored here.
 */
export async function writeAudit(db: DbOrTx, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(auditRow(actor, entry));
}

/** Several audit rows in one INSERT (batch verbs), same rules as writeAudit: same transaction as the change. */
export async function writeAudits(db: DbOrTx, actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(auditLog).values(entries.map((e) => auditRow(actor, e)));
}

function auditRow(actor: AuditActor, entry: AuditEntry): typeof auditLog.$inferInsert {
  return {
    actorUserId: actor.userId,
    actorEmail: actor.email,
    actorKind: actor.kind ?? "user",
    actorName: actor.kind === "system" || actor.kind === "api_key" ? (actor.name ?? actor.kind) : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    before: entry.before === undefined ? null : redact(entry.before),
    after: entry.after === undefined ? null : redact(entry.after),
    ip: actor.ip,
    userAgent: actor.userAgent?.slice(0, 512) ?? null,
  };
}
