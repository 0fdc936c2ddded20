import "server-only";
import type { DbOrTx } from "@/db";
import type { SessionUser } from "@/lib/auth/sessions";

/** What every domain verb receives besides its input: the database (or a transaction), who acts, from where. */
export interface Ctx {
  db: DbOrTx;
  user: SessionUser;
  ip: string | null;
  userAgent: string | null;
}

export function auditActor(ctx: Ctx) {
  return { userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent };
}
