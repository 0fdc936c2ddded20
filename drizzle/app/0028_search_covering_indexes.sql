DROP INDEX "payouts_created_id";--> statement-breakpoint
DROP INDEX "payouts_order_no_upper";--> statement-breakpoint
DROP INDEX "payouts_trade_no_upper";--> statement-breakpoint
DROP INDEX "payouts_account_rev";--> statement-breakpoint
DROP INDEX "payins_created_id";--> statement-breakpoint
DROP INDEX "payins_order_no_upper";--> statement-breakpoint
DROP INDEX "payins_trade_no_upper";--> statement-breakpoint
DROP INDEX "payins_account_rev";--> statement-breakpoint
CREATE INDEX "payouts_created_id" ON "payouts" USING btree ("created_at","id","merchant_id","receiver_name_folded");--> statement-breakpoint
CREATE INDEX "payouts_order_no_upper" ON "payouts" USING btree (upper("order_no") text_pattern_ops,"created_at","id","merchant_id","order_no");--> statement-breakpoint
CREATE INDEX "payouts_trade_no_upper" ON "payouts" USING btree (upper("trade_no") text_pattern_ops,"created_at","id","merchant_id","trade_no");--> statement-breakpoint
CREATE INDEX "payouts_account_rev" ON "payouts" USING btree (reverse("cash_account") text_pattern_ops,"created_at","id","merchant_id","cash_account");--> statement-breakpoint
CREATE INDEX "payins_created_id" ON "payins" USING btree ("created_at","id","merchant_id","payer_name_folded");--> statement-breakpoint
CREATE INDEX "payins_order_no_upper" ON "payins" USING btree (upper("order_no") text_pattern_ops,"created_at","id","merchant_id","order_no");--> statement-breakpoint
CREATE INDEX "payins_trade_no_upper" ON "payins" USING btree (upper("trade_no") text_pattern_ops,"created_at","id","merchant_id","trade_no");--> statement-breakpoint
CREATE INDEX "payins_account_rev" ON "payins" USING btree (reverse("payer_account_no") text_pattern_ops,"created_at","id","merchant_id","payer_account_no");