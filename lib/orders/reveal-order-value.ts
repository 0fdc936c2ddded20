import "server-only";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { auditActor, withDb, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { loadOrder } from "./load-order";
import type { RevealInput } from "./schemas";
import type { OrderType } from "@/lib/order-status/transitions";

export const REVEAL_ACTION = "order.value_revealed";

/**
 * One masked value of an order, whole, for a user an admin allowed to reveal (users.can_reveal, read fresh), with
 * the reason in the audit row, which the order's story shows. The value itself never goes into the audit log.
 */
export async function revealOrderValue({ ctx, type, id, input }: { ctx: Ctx; type: OrderType; id: number; input: RevealInput }) {
  return ctx.db.transaction(async (tx) => {
    const [me] = await tx.select({ canReveal: users.canReveal }).from(users).where(eq(users.id, ctx.user.id)).limit(1);
    if (!me?.canReveal) throw new AppError("forbidden", "An admin has not allowed you to reveal masked values.");
    const o = await loadOrder(tx, await merchantScope(tx, ctx.user), type, id);
    const value = input.field === "account" ? o.account : o.taxNumber;
    if (!value) throw new AppError("not_found", "This order has no such value.");
    await writeAudit(tx, auditActor(withDb(ctx, tx)), { action: REVEAL_ACTION, targetType: type, targetId: id, after: { field: input.field, reason: input.reason } });
    return { field: input.field, value };
  });
}
