import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { PENDING_KINDS } from "../../lib/pending-changes/kind-names";
import { users } from "./users";

// The kinds as a SQL list, from the one list (fixed identifiers, never input).
const KIND_LIST = sql.raw(PENDING_KINDS.map((k) => `'${k}'`).join(", "));

/**
 * Four eyes on changes that weaken money controls (raising a threshold, granting a money role or reveal, widening a
 * money role's merchants, demoting or disabling an admin, a new credential, a credential's keys or URLs): requested by one admin, applied only when ANOTHER admin
 * approves. `payload` is what the approver is shown; secret material (a new merchant secret, a private key, a
 * one-time password's hash) is only in `secret_enc`, encrypted like credentials. `target_hash` binds the request
 * to the target as it was: a target changed since is refused at approval.
 */
export const pendingChanges = pgTable(
  "pending_changes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind").notNull(),
    targetType: text("target_type").notNull(),
    /** null for a user that does not exist yet (user_create); its e-mail is in the payload. */
    targetId: bigint("target_id", { mode: "number" }),
    summary: text("summary").notNull(),
    payload: jsonb("payload").notNull(),
    secretEnc: text("secret_enc"),
    targetHash: text("target_hash").notNull(),
    status: text("status").notNull().default("pending"),
    requestedBy: bigint("requested_by", { mode: "number" })
      .notNull()
      .references(() => users.id),
    decidedBy: bigint("decided_by", { mode: "number" }).references(() => users.id),
    /** Why it was rejected or withdrawn. */
    reason: text("reason"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    index("pending_changes_status_requested").on(t.status, t.requestedAt),
    check("pending_changes_status", sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check("pending_changes_kind", sql`${t.kind} in (${KIND_LIST})`),
    // Four eyes in the database: whoever asked can never be the one who approves.
    check("pending_changes_approver_not_requester", sql`${t.status} <> 'approved' or ${t.decidedBy} <> ${t.requestedBy}`),
    check("pending_changes_decided", sql`(${t.status} = 'pending') = (${t.decidedAt} is null)`),
  ],
);
