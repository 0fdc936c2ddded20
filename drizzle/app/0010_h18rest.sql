ALTER TABLE "merchants" ADD COLUMN "processing_window_s" integer;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "flagged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "flag_reason" text;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "resolved_by" bigint;--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "resolution_note" text;--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payouts_open_check" ON "payouts" USING btree ("next_check_at") WHERE "payouts"."status" in ('SENDING', 'PROCESSING', 'UNKNOWN') and "payouts"."flagged_at" is null;--> statement-breakpoint
CREATE INDEX "payins_flagged" ON "payins" USING btree ("flagged_at") WHERE "payins"."flagged_at" is not null;--> statement-breakpoint
CREATE INDEX "payins_open_check" ON "payins" USING btree ("next_check_at") WHERE "payins"."status" in ('INIT', 'PROCESSING', 'UNKNOWN') and "payins"."flagged_at" is null;--> statement-breakpoint
CREATE INDEX "callbacks_outcome_id" ON "callbacks" USING btree ("outcome","id");--> statement-breakpoint
CREATE INDEX "callbacks_merchant_id" ON "callbacks" USING btree ("merchant_id","id");--> statement-breakpoint
CREATE INDEX "callbacks_order_no" ON "callbacks" USING btree ("order_no");--> statement-breakpoint
ALTER TABLE "merchants" ADD CONSTRAINT "merchants_processing_window" CHECK ("merchants"."processing_window_s" is null or "merchants"."processing_window_s" between 5 and 86400);