import "server-only";
import { and, eq, isNull, ne } from "drizzle-orm";
import { sessions } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";

/**
 * End one of the person's own sessions (`sessionId`), or every one but this (`others`). Only their own: another
 * user's session id is "not found". The ended tab learns why at its next request ("ended from another session").
 */
export async function endSessions({ ctx, input }: { ctx: Ctx; input: { sessionId: number } | { others: true } }) {
  return ctx.db.transaction(async (tx) => {
    const which =
      "sessionId" in input
        ? and(eq(sessions.userId, ctx.user.id), eq(sessions.id, input.sessionId), isNull(sessions.revokedAt))
        : and(eq(sessions.userId, ctx.user.id), ne(sessions.id, ctx.user.sessionId), isNull(sessions.revokedAt));
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: "ended_elsewhere" })
      .where(which)
      .returning({ id: sessions.id });
    if ("sessionId" in input && ended.length === 0) throw new AppError("not_found", "That session is not open.");
    if (ended.length > 0) {
      await writeAudit(tx, auditActor(ctx), {
        action: "user.sessions_ended",
        targetType: "user",
        targetId: ctx.user.id,
        after: { sessionIds: ended.map((e) => e.id), includesThisOne: ended.some((e) => e.id === ctx.user.sessionId) },
      });
    }
    return { ended: ended.length };
  });
}
