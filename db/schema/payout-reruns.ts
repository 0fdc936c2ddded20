import { bigint, index, pgTable, timestamp } from "drizzle-orm/pg-core";
import { payoutBatches } from "./payout-batches";
import { payouts } from "./payouts";

/**
 * A failed row of a run paid again in a new run ("pay the failed rows again"): which pay-out replaced which. The
 * unique failed pay-out means a row is paid again at most once this way, however many clicks or people race.
 */
export const payoutReruns = pgTable(
  "payout_reruns",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    failedPayoutId: bigint("failed_payout_id", { mode: "number" }).notNull().unique().references(() => payouts.id),
    newPayoutId: bigint("new_payout_id", { mode: "number" }).notNull().unique().references(() => payouts.id),
    fromBatchId: bigint("from_batch_id", { mode: "number" }).notNull().references(() => payoutBatches.id),
    toBatchId: bigint("to_batch_id", { mode: "number" }).notNull().references(() => payoutBatches.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("payout_reruns_from_batch").on(t.fromBatchId)],
);
