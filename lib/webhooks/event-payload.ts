import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { userCtx } from "@/lib/context";
import { kindOf } from "@/lib/orders/kinds";
import type { OrderType } from "@/lib/order-status/transitions";

/**
 * The event's `data`: the order as GET /api/payouts/{id} (or payins) shows it under its kind's name, rendered for a
 * role without `orders.unmasked` so account numbers and tax ids go out masked. The viewer is a rendering lens only
 * (it authorises and audits nothing); the per-person fields (canApprove, canCancel) are dropped.
 */
export async function orderPayload(db: DbOrTx, type: OrderType, id: number): Promise<Record<string, unknown> | null> {
  const kind = kindOf(type);
  const [row] = await kind.find(db, eq(kind.table.id, id), [], 1);
  if (!row) return null;
  const lens = userCtx(db, { id: 0, email: "", name: "webhook", role: "support", mustChangePassword: false, totpEnabled: false, sessionId: 0 });
  const { canApprove: _a, canCancel: _c, ...view } = kind.toView(lens, row) as unknown as Record<string, unknown>;
  return { [type]: view };
}
