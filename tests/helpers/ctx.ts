import type { DbOrTx } from "@/db";
import type { users } from "@/db/schema";
import { userCtx, type Ctx } from "@/lib/context";

/** A person's domain context for a factory-made user row, as the route wrapper builds it from a session. */
export function ctxFor(db: DbOrTx, u: typeof users.$inferSelect): Ctx {
  return userCtx(db, {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    mustChangePassword: u.mustChangePassword,
    totpEnabled: u.totpEnabled,
    sessionId: 0,
  }, "127.0.0.1", "vitest");
}
