import { bigint, boolean, index, integer, jsonb, pgSchema, text, timestamp, unique } from "drizzle-orm/pg-core";

/** The sandbox gateway's own tables, in their own Postgres schema: the app never reads them. */
export const gw = pgSchema("sandbox_gateway");

export const gwMerchants = gw.table("merchants", {
  merchantId: text("merchant_id").primaryKey(),
  name: text("name").notNull(),
  /** Sealed with the platform key (secret-store.ts), never plaintext. */
  merchantSecret: text("merchant_secret").notNull(),
  publicKey: text("public_key").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Balances in major units × 10^4 (balance-units.ts: exact for every region), per currency and account kind. */
export const gwAccounts = gw.table(
  "accounts",
  {
    accountNo: text("account_no").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => gwMerchants.merchantId, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    kind: text("kind").notNull(),
    balance: bigint("balance", { mode: "bigint" }).notNull(),
  },
  (t) => [unique("gw_accounts_merchant_currency_kind").on(t.merchantId, t.currency, t.kind)],
);

export const gwOrders = gw.table(
  "orders",
  {
    tradeNo: text("trade_no").primaryKey(),
    merchantId: text("merchant_id").notNull(),
    orderNo: text("order_no").notNull(),
    tradeType: integer("trade_type").notNull(), // 1 pay-in, 2 pay-out
    currency: text("currency").notNull(),
    amount: text("amount").notNull(), // the wire amount as received (a JSON number, kept as text)
    payAmount: text("pay_amount"),
    paymentMethod: text("payment_method").notNull(),
    status: text("status").notNull(),
    callbackUrl: text("callback_url"),
    request: jsonb("request").notNull(),
    fate: jsonb("fate").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finalAt: timestamp("final_at", { withTimezone: true }),
  },
  (t) => [unique("gw_orders_merchant_order_no").on(t.merchantId, t.orderNo)],
);

export const gwCallbackAttempts = gw.table("callback_attempts", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  tradeNo: text("trade_no").notNull(),
  attempt: integer("attempt").notNull(),
  url: text("url").notNull(),
  status: text("status").notNull(),
  httpStatus: integer("http_status"),
  responseText: text("response_text"),
  delivered: boolean("delivered").notNull(),
  error: text("error"),
  sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Outcomes queued for the next matching request(s): the control API's way to force fates and faults. */
export const gwScenarios = gw.table("scenarios", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  merchantId: text("merchant_id"),
  orderNo: text("order_no"),
  remaining: integer("remaining").notNull(),
  fate: jsonb("fate").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every inquiry-status the gateway answered: how often (and when) a merchant asked about an order. */
export const gwInquiries = gw.table(
  "inquiries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: text("merchant_id").notNull(),
    orderNo: text("order_no"),
    tradeNo: text("trade_no"),
    tradeType: integer("trade_type").notNull(),
    found: boolean("found").notNull(),
    /** When the gateway stored the inquiry (after reading the order): later than the request when its database was slow. */
    askedAt: timestamp("asked_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the request reached the gateway: when the merchant asked. */
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("gw_inquiries_order_no").on(t.orderNo)],
);
