import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { RECONCILE_CYCLE_S } from "@/lib/gateway-work/cycle";
import { openStatuses } from "@/lib/order-status/status-sets";
import type { OrderType } from "@/lib/order-status/transitions";

/** How a confirmation claims its order's ask: a callback is news (`news`), a person's re-apply asks now (`person`). */
export type AskClaim = "news" | "person";

const openSql = (type: OrderType) => sql.raw(`(${openStatuses(type).map((s) => `'${s}'`).join(", ")})`);

/**
 * Claim the asks of a batch of confirmations in ONE statement: claimOne's `news` / `person` rule
 * (lib/gateway-work/claim-due.ts) over many orders, each open order whose row is free and (`news`) not asked in the
 * last cycle gets the claim claimOne writes (not due for a cycle, asked now), so no sweep or inquiry job asks right
 * after it. Rows are locked in id order with SKIP LOCKED (an order being asked or settled elsewhere is passed by,
 * as claimOne passes it). Returns the claimed orders as `type:id`.
 */
export async function claimAsks(db: DbOrTx, orders: readonly { type: OrderType; id: number }[], mode: AskClaim): Promise<Set<string>> {
  const ids = (type: OrderType) => [...new Set(orders.filter((o) => o.type === type).map((o) => o.id))].sort((a, b) => a - b);
  const [po, pi] = [ids("payout"), ids("payin")];
  if (po.length + pi.length === 0) return new Set();
  const when = mode === "news" ? sql`(o.last_inquiry_at is null or o.last_inquiry_at <= now() - make_interval(secs => ${RECONCILE_CYCLE_S}))` : sql`true`;
  const claimed = sql`next_check_at = now() + make_interval(secs => ${RECONCILE_CYCLE_S}), last_inquiry_at = now()`;
  const rows = await db.execute<{ type: OrderType; id: string }>(sql`
    with po as (
      select o.id from payouts o
       where o.id = any(${`{${po.join(",")}}`}::bigint[]) and o.status in ${openSql("payout")} and ${when}
       order by o.id
         for update of o skip locked
    ), pi as (
      select o.id from payins o
       where o.id = any(${`{${pi.join(",")}}`}::bigint[]) and o.status in ${openSql("payin")} and ${when}
       order by o.id
         for update of o skip locked
    ), upo as (
      update payouts t set ${claimed} from po where t.id = po.id returning t.id
    ), upi as (
      update payins t set ${claimed} from pi where t.id = pi.id returning t.id
    )
    select 'payout' as type, id::text as id from upo union all select 'payin', id::text from upi`);
  return new Set(rows.map((r) => `${r.type}:${Number(r.id)}`));
}
