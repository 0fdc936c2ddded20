import "server-only";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { MIN_ACTIVE_ADMINS } from "@/lib/pending-changes/kinds";

const activeAdmin = and(eq(users.role, "admin"), isNull(users.disabledAt));

/** Enabled admins: the people who can approve another admin's change. */
export async function countActiveAdmins(db: DbOrTx): Promise<number> {
  return db.$count(users, activeAdmin);
}

/** Is this user row one of them (so that demoting or disabling it takes a decider away)? */
export const isActiveAdmin = (u: { role: string; disabledAt: Date | null }): boolean => u.role === "admin" && u.disabledAt === null;

/**
 * Refuse a change that would leave fewer than two enabled admins once `userId` stops being one: with one, nobody
 * can approve a change. Every such change takes one transaction lock first and counts after it, so two at the
 * same moment (each leaving two) are counted one after the other; the lock is taken after the target row's.
 */
export async function assertAdminsRemain(tx: DbOrTx, userId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('users:active-admins', 0))`);
  const others = await tx.$count(users, and(activeAdmin, ne(users.id, userId)));
  if (others < MIN_ACTIVE_ADMINS) {
    throw new AppError(
      "conflict",
      `Refused: this would leave ${others === 0 ? "no active admin" : "one active admin"}, fewer than two. Every change that loosens a control needs a second admin to approve it, so two must stay active: make another admin first.`,
    );
  }
}
