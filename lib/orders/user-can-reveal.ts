import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/sessions";

/** May this user reveal a masked value on an order's page (their own reveal right; the role is checked beside it). */
export async function userCanReveal(user: SessionUser): Promise<boolean> {
  const [me] = await getDb().select({ canReveal: users.canReveal }).from(users).where(eq(users.id, user.id)).limit(1);
  return me?.canReveal ?? false;
}
