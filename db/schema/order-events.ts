import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { eventSourceEnum, orderTypeEnum } from "./enums";
import { callbacks } from "./callbacks";
import { payins } from "./payins";
import { payouts } from "./payouts";
import { users } from "./users";

/**
 * The story of an order: every status change with its source and the raw payload (request bytes, response
 * text, callback body). Two nullable foreign keys rather than a polymorphic id, so the database keeps each
 * event tied to a real order; a check makes exactly one of them set, matching order_type.
 */
export const orderEvents = pgTable(
  "order_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orderType: orderTypeEnum("order_type").notNull(),
    payoutId: bigint("payout_id", { mode: "number" }).references(() => payouts.id),
    payinId: bigint("payin_id", { mode: "number" }).references(() => payins.id),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    source: eventSourceEnum("source").notNull(),
    actorUserId: bigint("actor_user_id", { mode: "number" }).references(() => users.id),
    /** For system sources: which worker (dispatcher, callback, reconciler). */
    actorName: text("actor_name"),
    callbackId: bigint("callback_id", { mode: "number" }).references(() => callbacks.id),
    gatewayCode: text("gateway_code"),
    gatewayMessage: text("gateway_message"),
    note: text("note"),
    rawPayload: text("raw_payload"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("order_events_payout").on(t.payoutId, t.createdAt),
    index("order_events_payin").on(t.payinId, t.createdAt),
    check(
      "order_events_one_target",
      sql`(${t.orderType} = 'payout' and ${t.payoutId} is not null and ${t.payinId} is null)
       or (${t.orderType} = 'payin' and ${t.payinId} is not null and ${t.payoutId} is null)`,
    ),
  ],
);
