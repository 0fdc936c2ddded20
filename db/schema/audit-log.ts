import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { actorKindEnum } from "./enums";
import { users } from "./users";

/** Append-only (a trigger refuses UPDATE and DELETE, see drizzle/*audit_log_append_only*). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    actorUserId: bigint("actor_user_id", { mode: "number" }).references(() => users.id),
    actorEmail: text("actor_email"),
    /** A person (actor_user_id) or the system (actor_name: dispatcher, callback, reconciler, …). */
    actorKind: actorKindEnum("actor_kind").notNull().default("user"),
    actorName: text("actor_name"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_created").on(t.createdAt),
    index("audit_log_actor").on(t.actorUserId, t.createdAt),
    index("audit_log_target").on(t.targetType, t.targetId),
    check("audit_log_system_named", sql`${t.actorKind} = 'user' or ${t.actorName} is not null`),
  ],
);
