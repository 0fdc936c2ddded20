CREATE INDEX "payouts_region_created" ON "payouts" USING btree ("region","created_at");--> statement-breakpoint
CREATE INDEX "payouts_final_at" ON "payouts" USING btree ("final_at") WHERE "payouts"."final_at" is not null;--> statement-breakpoint
CREATE INDEX "payouts_flagged" ON "payouts" USING btree ("flagged_at") WHERE "payouts"."flagged_at" is not null;--> statement-breakpoint
CREATE INDEX "payins_region_created" ON "payins" USING btree ("region","created_at");--> statement-breakpoint
CREATE INDEX "payins_final_at" ON "payins" USING btree ("final_at") WHERE "payins"."final_at" is not null;