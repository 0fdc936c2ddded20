import { bigint, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { orderTypeEnum } from "./enums";
import { merchants } from "./merchants";

/** One event as sent (the JSON body's object, masked values masked), kept so a retry or resend sends the same. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    merchantId: bigint("merchant_id", { mode: "number" })
      .notNull()
      .references(() => merchants.id),
    type: text("type").notNull(),
    orderType: orderTypeEnum("order_type").notNull(),
    orderId: bigint("order_id", { mode: "number" }).notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("webhook_events_order").on(t.orderType, t.orderId)],
);
