import "server-only";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { sessions } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { IDLE_TIMEOUT_MS } from "@/lib/auth/session-policy";
import { describeUserAgent } from "./user-agent";

export interface SessionView {
  id: number;
  device: string;
  ip: string | null;
  createdAt: string;
  lastActiveAt: string;
  current: boolean;
}

/** The person's own open sessions (not ended, expired or idle), most recently active first; this one marked. */
export async function listSessions({ ctx, now = new Date() }: { ctx: Ctx; now?: Date }): Promise<{ sessions: SessionView[] }> {
  const rows = await ctx.db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, ctx.user.id),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - IDLE_TIMEOUT_MS)),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.id));
  return {
    sessions: rows.map((r) => ({
      id: r.id,
      device: describeUserAgent(r.userAgent),
      ip: r.ip,
      createdAt: r.createdAt.toISOString(),
      lastActiveAt: r.lastSeenAt.toISOString(),
      current: r.id === ctx.user.sessionId,
    })),
  };
}
