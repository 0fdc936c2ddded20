import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { userCtx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { getOrderStory } from "./get-order-story";
import type { OrderType } from "@/lib/order-status/transitions";

/** The order page's data for the signed-in user, or null when the order does not exist within their merchants. */
export async function orderStoryForPage(user: SessionUser, type: OrderType, rawId: string) {
  const id = Number(rawId);
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const db = getDb();
  try {
    const story = await getOrderStory({ ctx: userCtx(db, user), type, id });
    const [me] = await db.select({ canReveal: users.canReveal }).from(users).where(eq(users.id, user.id)).limit(1);
    // Admins read the page (orders.read) but act only where their role does: no note, no reveal, no summary.
    const support = can(user.role, "orders.lookup");
    return { story, canReveal: support && (me?.canReveal ?? false), support };
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  }
}
