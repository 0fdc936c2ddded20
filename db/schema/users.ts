import { bigint, boolean, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { roleEnum } from "./enums";

export const users = pgTable(
  "users",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** Always stored lower-case (the sign-in schema lower-cases too). */
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    passwordHash: text("password_hash").notNull(),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    totpSecretEnc: text("totp_secret_enc"),
    totpEnabled: boolean("totp_enabled").notNull().default(false),
    /** The last accepted TOTP time step: a code is accepted once (a conditional update on this column). */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    /** Sees every merchant. Otherwise only the merchants in user_merchants; an empty list sees nothing. */
    allMerchants: boolean("all_merchants").notNull().default(false),
    /** Device cookies carry this number: raising it (disable, password change, two-factor reset) revokes them all. */
    /** May reveal a masked account, wallet or tax number (with a reason, audited); granted per user by an admin. */
    canReveal: boolean("can_reveal").notNull().default(false),
    deviceGeneration: integer("device_generation").notNull().default(0),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_lower").on(sql`lower(${t.email})`)],
);
