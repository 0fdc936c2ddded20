import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ORDER_STATUS_CHANNEL } from "@/lib/events/channel";
import type { OrderType } from "@/lib/order-status/transitions";

export { ORDER_STATUS_CHANNEL };

/**
 * What a notify says (well under PostgreSQL's 8000-byte payload limit): the order_events row id, which order of
 * which merchant, and the move. Listeners use it as a wake-up; they read the rows themselves in commit-safe order.
 */
export interface OrderNotice {
  eventId: number;
  type: OrderType;
  id: number;
  merchantId: number;
  from: string | null;
  to: string;
  source: string;
  at: string;
}

/**
 * pg_notify for each notice, inside the caller's transaction (delivered only if it commits). `also`: CTE steps run
 * by the same statement (the webhook jobs of these changes), so they cost no round trip of their own.
 */
export async function notifyOrderEvents(tx: DbOrTx, notices: readonly OrderNotice[], also: readonly SQL[] = []): Promise<void> {
  if (notices.length === 0) return;
  const rows = notices.map((n) => sql`(${JSON.stringify(n)})`);
  const head = also.length > 0 ? sql`with ${sql.join([...also], sql`, `)} ` : sql``;
  await tx.execute(sql`${head}select pg_notify(${ORDER_STATUS_CHANNEL}, v.p) from (values ${sql.join(rows, sql`, `)}) as v(p)`);
}
