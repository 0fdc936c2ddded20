-- An open order is asked about again and again while it waits for the bank: each ask claims it (next_check_at,
-- last_inquiry_at) and records its answer (inquiry_count, next_check_at). With next_check_at the key of the open
-- orders' index, every one of those writes was a new row version in EVERY index of the table (18 on payouts);
-- keyed by id (the sweep filters on an expression of next_check_at, which no index served), no index reads a column
-- an ask writes, and PostgreSQL updates the row in place (a heap-only tuple) when its page has room: hence the
-- fillfactor, which leaves a tenth of each new page for them. Existing pages fill as they are rewritten.
DROP INDEX "payouts_open_check";--> statement-breakpoint
DROP INDEX "payins_open_check";--> statement-breakpoint
CREATE INDEX "payouts_open_check" ON "payouts" USING btree ("id") WHERE "payouts"."status" in ('SENDING', 'PROCESSING', 'UNKNOWN') and "payouts"."flagged_at" is null;--> statement-breakpoint
CREATE INDEX "payins_open_check" ON "payins" USING btree ("id") WHERE "payins"."status" in ('INIT', 'PROCESSING', 'UNKNOWN') and "payins"."flagged_at" is null;--> statement-breakpoint
ALTER TABLE "payouts" SET (fillfactor = 90);--> statement-breakpoint
ALTER TABLE "payins" SET (fillfactor = 90);
