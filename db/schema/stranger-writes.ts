import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The strangers' write budget (lib/strangers/write-budget.ts): per kind and clock minute, the rows and bytes that
 * anonymous clients' refused callbacks and failed sign-ins were allowed to write, for all addresses and app
 * instances together. One row per kind and minute with such traffic; purged with the refused callbacks.
 */
export const strangerWrites = pgTable(
  "stranger_writes",
  {
    /** callback_sample, callback_source or sign_in_row */
    kind: text("kind").notNull(),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    rows: integer("rows").notNull().default(0),
    bytes: integer("bytes").notNull().default(0),
  },
  (t) => [primaryKey({ name: "stranger_writes_pk", columns: [t.kind, t.minute] })],
);
