import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { userCtx } from "@/lib/api/context";
import type { SessionUser } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { getOrderStory } from "./get-order-story";
import type { OrderType } from "./transitions";

/** The order page's data for the signed-in user, or null when the order does not exist within their merchants. */
export async function orderStoryForPage(user: SessionUser, type: OrderType, rawId: string) {
  const id = Number(rawId);
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const db = getDb();
  try {
    const story = await getOrderStory({ ctx: userCtx(db, user), type, id });
    const [me] = await db.select({ canReveal: users.canReveal }).from(users).where(eq(users.id, user.id)).limit(1);
    return { story, canReveal: me?.canReveal ?? false };
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  }
}
