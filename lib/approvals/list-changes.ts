import "server-only";
import { alias } from "drizzle-orm/pg-core";
import { desc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { pendingChanges, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import type { PendingKind } from "@/lib/pending-changes/kinds";

/** What the browser gets: never `secret_enc` (only whether the change carries secret material). */
export interface PendingChangeView {
  id: number;
  kind: PendingKind;
  summary: string;
  payload: Record<string, unknown>;
  carriesSecret: boolean;
  status: "pending" | "approved" | "rejected";
  requestedBy: { id: number; email: string };
  requestedAt: string;
  decidedBy: { id: number; email: string } | null;
  decidedAt: string | null;
  reason: string | null;
  /** Another admin's pending change: this user may approve it. */
  canApprove: boolean;
}

/** Waiting changes for the navigation badge. */
export async function countPendingChanges(db: DbOrTx): Promise<number> {
  return db.$count(pendingChanges, eq(pendingChanges.status, "pending"));
}

/** Every waiting change (oldest first), then the 50 most recently decided. */
export async function listPendingChanges({ ctx }: { ctx: Ctx }): Promise<{ pending: PendingChangeView[]; decided: PendingChangeView[] }> {
  const requester = alias(users, "requester");
  const decider = alias(users, "decider");
  const q = () =>
    ctx.db
      .select({ c: pendingChanges, rEmail: requester.email, dEmail: decider.email })
      .from(pendingChanges)
      .innerJoin(requester, eq(requester.id, pendingChanges.requestedBy))
      .leftJoin(decider, eq(decider.id, pendingChanges.decidedBy));
  const [pending, decided] = await Promise.all([
    q().where(eq(pendingChanges.status, "pending")).orderBy(pendingChanges.requestedAt, pendingChanges.id),
    q().where(ne(pendingChanges.status, "pending")).orderBy(desc(pendingChanges.decidedAt), desc(pendingChanges.id)).limit(50),
  ]);
  const view = (r: (typeof pending)[number]): PendingChangeView => ({
    id: r.c.id,
    kind: r.c.kind as PendingKind,
    summary: r.c.summary,
    payload: r.c.payload as Record<string, unknown>,
    carriesSecret: r.c.secretEnc !== null,
    status: r.c.status as PendingChangeView["status"],
    requestedBy: { id: r.c.requestedBy, email: r.rEmail },
    requestedAt: r.c.requestedAt.toISOString(),
    decidedBy: r.c.decidedBy && r.dEmail ? { id: r.c.decidedBy, email: r.dEmail } : null,
    decidedAt: r.c.decidedAt?.toISOString() ?? null,
    reason: r.c.reason,
    canApprove: r.c.status === "pending" && r.c.requestedBy !== ctx.user.id,
  });
  return { pending: pending.map(view), decided: decided.map(view) };
}
