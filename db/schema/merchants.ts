import { sql } from "drizzle-orm";
import { bigint, boolean, check, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { environmentEnum } from "./enums";

/**
 * A merchant account at Smilepayz and the credential the app calls it with. Secrets are stored only as
 * AES-256-GCM ciphertext (`*_enc`, "v1:<keyId>:…", lib/crypto/secret-box.ts); `*_last4` is the masked hint.
 */
export const merchants = pgTable(
  "merchants",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: text("merchant_id").notNull().unique(),
    name: text("name").notNull(),
    /** What payers see as the shop's name on their payment page; null: the credential's name. Never the merchant id. */
    payerDisplayName: text("payer_display_name"),
    environment: environmentEnum("environment").notNull(),
    customBaseUrl: text("custom_base_url"),
    callbackBaseUrl: text("callback_base_url"),
    merchantSecretEnc: text("merchant_secret_enc").notNull(),
    merchantSecretLast4: text("merchant_secret_last4").notNull(),
    privateKeyEnc: text("private_key_enc"),
    /** Public half of the merchant key pair (Base64 DER SPKI): not secret, shown for upload to Smilepayz. */
    publicKey: text("public_key"),
    platformPublicKey: text("platform_public_key").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    /** Seconds an order may stay PROCESSING before reconciliation asks inquiry-status; null: the region's default. */
    processingWindowS: integer("processing_window_s"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("merchants_custom_url", sql`${t.environment} <> 'custom' or ${t.customBaseUrl} is not null`),
    check("merchants_processing_window", sql`${t.processingWindowS} is null or ${t.processingWindowS} between 5 and 86400`),
  ],
);
