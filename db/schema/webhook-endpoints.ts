import { bigint, boolean, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { merchants } from "./merchants";
import { users } from "./users";

/**
 * Where a credential's order events are POSTed (the merchant's own systems). The signing secret is stored only as
 * AES-256-GCM ciphertext (lib/crypto/secret-box.ts); after a roll the previous one still signs until
 * `previous_secret_until`, so the receiver can switch without losing an event.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: bigint("merchant_id", { mode: "number" })
      .notNull()
      .references(() => merchants.id),
    url: text("url").notNull(),
    events: text("events").array().notNull(),
    secretEnc: text("secret_enc").notNull(),
    previousSecretEnc: text("previous_secret_enc"),
    previousSecretUntil: timestamp("previous_secret_until", { withTimezone: true }),
    enabled: boolean("enabled").notNull().default(true),
    /** The first failed attempt since the last success; three days of failures disable the endpoint. */
    failingSince: timestamp("failing_since", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    disabledReason: text("disabled_reason"),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_merchant").on(t.merchantId)],
);
