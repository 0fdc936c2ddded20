import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { orderTypeEnum } from "./enums";
import { payins } from "./payins";
import { payouts } from "./payouts";
import { users } from "./users";

/**
 * A person's internal note on an order (support's "add a note"). Its own kind of timeline entry, never an order
 * event: a note changes no status and is never read as an order's outcome. Same two-foreign-key shape as order_events.
 */
export const orderNotes = pgTable(
  "order_notes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orderType: orderTypeEnum("order_type").notNull(),
    payoutId: bigint("payout_id", { mode: "number" }).references(() => payouts.id),
    payinId: bigint("payin_id", { mode: "number" }).references(() => payins.id),
    authorUserId: bigint("author_user_id", { mode: "number" }).references(() => users.id),
    note: text("note").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("order_notes_payout").on(t.payoutId, t.createdAt),
    index("order_notes_payin").on(t.payinId, t.createdAt),
    check(
      "order_notes_one_target",
      sql`(${t.orderType} = 'payout' and ${t.payoutId} is not null and ${t.payinId} is null)
       or (${t.orderType} = 'payin' and ${t.payinId} is not null and ${t.payoutId} is null)`,
    ),
    check("order_notes_not_empty", sql`length(${t.note}) between 1 and 1000`),
  ],
);
