import type { OrderPageAccess } from "@/components/orders/order-story";
import { PayinDetail } from "@/components/payins/payin-detail";
import { PayoutDetail } from "@/components/payouts/payout-detail";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/sessions";
import type { OrderType } from "@/lib/order-status/transitions";
import { userCanReveal } from "@/lib/orders/user-can-reveal";

/**
 * The one page of an order, /payouts/[id] and /payins/[id] (the older /orders/payout/[id] and /orders/payin/[id]
 * redirect there), for every role that may read orders: the story for all; the kind's own part (approvals, fields,
 * the payer link) for the kind's readers, its actions as the API allows them; notes, reveal and the summary for
 * orders.lookup. Admins get no money control here. Each page calls its own guard first
 * (tests/auth/access-table.test.ts reads it there), then renders this.
 */
export async function OrderStoryPage({ user, type, id }: { user: SessionUser; type: OrderType; id: string }) {
  const support = can(user.role, "orders.lookup");
  const access: OrderPageAccess = {
    canReveal: support && (await userCanReveal(user)),
    support,
    canCreate: can(user.role, type === "payout" ? "payouts.create" : "payins.create"),
    reader: can(user.role, type === "payout" ? "payouts.read" : "payins.read"),
  };
  return <main>{type === "payout" ? <PayoutDetail id={id} access={access} /> : <PayinDetail id={id} access={access} />}</main>;
}
