DROP INDEX "payouts_order_no_prefix";--> statement-breakpoint
DROP INDEX "payouts_trade_no_prefix";--> statement-breakpoint
DROP INDEX "payins_order_no_prefix";--> statement-breakpoint
DROP INDEX "payins_trade_no_prefix";--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "payer_description" text;--> statement-breakpoint
CREATE INDEX "payouts_order_no_upper" ON "payouts" USING btree (upper("order_no") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "payouts_trade_no_upper" ON "payouts" USING btree (upper("trade_no") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "payins_order_no_upper" ON "payins" USING btree (upper("order_no") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "payins_trade_no_upper" ON "payins" USING btree (upper("trade_no") text_pattern_ops);