import "server-only";
import { eq } from "drizzle-orm";
import { sessions } from "@/db/schema";
import type { Ctx } from "@/lib/context";

/** The tab saw a person's input (or "Stay signed in"): the session's idle clock starts again. */
export async function recordActivity({ ctx }: { ctx: Ctx }) {
  await ctx.db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, ctx.user.sessionId));
  return { ok: true };
}
