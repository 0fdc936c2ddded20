CREATE TYPE "public"."actor_kind" AS ENUM('user', 'system');--> statement-breakpoint
ALTER TYPE "public"."callback_outcome" ADD VALUE 'conflict';--> statement-breakpoint
CREATE TABLE "approval_thresholds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "approval_thresholds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" bigint NOT NULL,
	"currency" text NOT NULL,
	"min_amount_minor" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_thresholds_merchant_currency" UNIQUE("merchant_id","currency"),
	CONSTRAINT "approval_thresholds_non_negative" CHECK ("approval_thresholds"."min_amount_minor" >= 0)
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" bigint;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "all_merchants" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "content_hash" text NOT NULL;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "approval_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "approved_hash" text;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "rejected_by" bigint;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "reject_reason" text;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "inquiry_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "last_inquiry_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "flagged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "flag_reason" text;--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "actor_name" text;--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "callback_id" bigint;--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "payout_id" bigint;--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "payin_id" bigint;--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "review_reason" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_kind" "actor_kind" DEFAULT 'user' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_name" text;--> statement-breakpoint
ALTER TABLE "approval_thresholds" ADD CONSTRAINT "approval_thresholds_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_rejected_by_users_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_callback_id_callbacks_id_fk" FOREIGN KEY ("callback_id") REFERENCES "public"."callbacks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_payout_id_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_payin_id_payins_id_fk" FOREIGN KEY ("payin_id") REFERENCES "public"."payins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payouts_created_id" ON "payouts" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_idempotency" ON "payouts" USING btree ("created_by","idempotency_key") WHERE "payouts"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "callbacks_payout" ON "callbacks" USING btree ("payout_id","received_at");--> statement-breakpoint
CREATE INDEX "callbacks_payin" ON "callbacks" USING btree ("payin_id","received_at");--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_approver_not_creator" CHECK ("payouts"."approved_by" is null or "payouts"."created_by" is null or "payouts"."approved_by" <> "payouts"."created_by");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_system_named" CHECK ("audit_log"."actor_kind" = 'user' or "audit_log"."actor_name" is not null);