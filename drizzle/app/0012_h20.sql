CREATE TABLE "saved_searches" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "saved_searches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"name" text NOT NULL,
	"query" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_searches_user_name" UNIQUE("user_id","name")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "can_reveal" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "receiver_name_folded" text GENERATED ALWAYS AS (search_fold(receiver_name)) STORED;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "payer_name_folded" text GENERATED ALWAYS AS (search_fold(payer_name)) STORED;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saved_searches_user" ON "saved_searches" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "payouts_order_no_prefix" ON "payouts" USING btree ("order_no" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "payouts_trade_no_prefix" ON "payouts" USING btree ("trade_no" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "payouts_account_rev" ON "payouts" USING btree (reverse("cash_account") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "payouts_name_trgm" ON "payouts" USING gin ("receiver_name_folded" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "payins_order_no_prefix" ON "payins" USING btree ("order_no" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "payins_trade_no_prefix" ON "payins" USING btree ("trade_no" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "payins_account_rev" ON "payins" USING btree (reverse("payer_account_no") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "payins_name_trgm" ON "payins" USING gin ("payer_name_folded" gin_trgm_ops);