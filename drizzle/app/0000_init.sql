CREATE TYPE "public"."account_kind" AS ENUM('payin', 'payout');--> statement-breakpoint
CREATE TYPE "public"."batch_status" AS ENUM('VALIDATED', 'SUBMITTED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."callback_outcome" AS ENUM('applied', 'duplicate', 'stale', 'forged', 'unknown_order', 'invalid', 'ignored');--> statement-breakpoint
CREATE TYPE "public"."environment" AS ENUM('sandbox', 'production', 'custom');--> statement-breakpoint
CREATE TYPE "public"."event_source" AS ENUM('request', 'response', 'callback', 'inquiry', 'person', 'system');--> statement-breakpoint
CREATE TYPE "public"."order_type" AS ENUM('payout', 'payin');--> statement-breakpoint
CREATE TYPE "public"."payin_status" AS ENUM('CREATING', 'UNKNOWN', 'NOT_ACCEPTED', 'INIT', 'PROCESSING', 'SUCCESS', 'FAILED', 'EXPIRED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."payout_status" AS ENUM('PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'SENDING', 'UNKNOWN', 'NOT_ACCEPTED', 'PROCESSING', 'SUCCESS', 'FAILED', 'EXPIRED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."region" AS ENUM('TH', 'PH', 'BR', 'USDT');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('admin', 'approver', 'finance', 'support');--> statement-breakpoint
CREATE TABLE "merchants" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "merchants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" text NOT NULL,
	"name" text NOT NULL,
	"environment" "environment" NOT NULL,
	"custom_base_url" text,
	"callback_base_url" text,
	"merchant_secret_enc" text NOT NULL,
	"merchant_secret_last4" text NOT NULL,
	"private_key_enc" text,
	"public_key" text,
	"platform_public_key" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "merchants_merchant_id_unique" UNIQUE("merchant_id"),
	CONSTRAINT "merchants_custom_url" CHECK ("merchants"."environment" <> 'custom' or "merchants"."custom_base_url" is not null)
);
--> statement-breakpoint
CREATE TABLE "merchant_accounts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "merchant_accounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" bigint NOT NULL,
	"currency" text NOT NULL,
	"kind" "account_kind" NOT NULL,
	"account_no" text NOT NULL,
	CONSTRAINT "merchant_accounts_currency_kind" UNIQUE("merchant_id","currency","kind")
);
--> statement-breakpoint
CREATE TABLE "sub_merchants" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sub_merchants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" bigint NOT NULL,
	"sub_merchant_id" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "sub_merchants_merchant_sub" UNIQUE("merchant_id","sub_merchant_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "role" NOT NULL,
	"password_hash" text NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"totp_secret_enc" text,
	"totp_enabled" boolean DEFAULT false NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_merchants" (
	"user_id" bigint NOT NULL,
	"merchant_id" bigint NOT NULL,
	CONSTRAINT "user_merchants_user_id_merchant_id_pk" PRIMARY KEY("user_id","merchant_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"token_hash" text NOT NULL,
	"user_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text,
	CONSTRAINT "sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "auth_rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payout_batches" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payout_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" bigint NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"row_count" integer NOT NULL,
	"valid_count" integer NOT NULL,
	"status" "batch_status" NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payouts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" bigint NOT NULL,
	"region" "region" NOT NULL,
	"order_no" text NOT NULL,
	"trade_no" text,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"payment_method" text NOT NULL,
	"cash_account" text NOT NULL,
	"receiver_name" text,
	"tax_number" text,
	"network" text,
	"purpose" text NOT NULL,
	"sub_merchant_id" text,
	"status" "payout_status" NOT NULL,
	"gateway_status" text,
	"gateway_code" text,
	"gateway_message" text,
	"batch_id" bigint,
	"created_by" bigint,
	"approved_by" bigint,
	"approved_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"final_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payouts_trade_no_unique" UNIQUE("trade_no"),
	CONSTRAINT "payouts_merchant_order_no" UNIQUE("merchant_id","order_no"),
	CONSTRAINT "payouts_amount_positive" CHECK ("payouts"."amount_minor" > 0),
	CONSTRAINT "payouts_order_no_format" CHECK ("payouts"."order_no" ~ '^[A-Za-z0-9]{6,32}$')
);
--> statement-breakpoint
CREATE TABLE "payins" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payins_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" bigint NOT NULL,
	"region" "region" NOT NULL,
	"order_no" text NOT NULL,
	"trade_no" text,
	"amount_minor" bigint NOT NULL,
	"pay_amount_minor" bigint,
	"currency" text NOT NULL,
	"payment_method" text NOT NULL,
	"payer_name" text,
	"payer_account_no" text,
	"payer_bank_name" text,
	"purpose" text NOT NULL,
	"payment_url" text,
	"qr_string" text,
	"expires_at" timestamp with time zone,
	"status" "payin_status" NOT NULL,
	"gateway_status" text,
	"gateway_code" text,
	"gateway_message" text,
	"created_by" bigint,
	"final_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payins_trade_no_unique" UNIQUE("trade_no"),
	CONSTRAINT "payins_merchant_order_no" UNIQUE("merchant_id","order_no"),
	CONSTRAINT "payins_amount_positive" CHECK ("payins"."amount_minor" > 0),
	CONSTRAINT "payins_order_no_format" CHECK ("payins"."order_no" ~ '^[A-Za-z0-9]{6,32}$')
);
--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "order_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"order_type" "order_type" NOT NULL,
	"payout_id" bigint,
	"payin_id" bigint,
	"from_status" text,
	"to_status" text NOT NULL,
	"source" "event_source" NOT NULL,
	"actor_user_id" bigint,
	"gateway_code" text,
	"gateway_message" text,
	"note" text,
	"raw_payload" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_events_one_target" CHECK (("order_events"."order_type" = 'payout' and "order_events"."payout_id" is not null and "order_events"."payin_id" is null)
       or ("order_events"."order_type" = 'payin' and "order_events"."payin_id" is not null and "order_events"."payout_id" is null))
);
--> statement-breakpoint
CREATE TABLE "callbacks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "callbacks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"headers" jsonb NOT NULL,
	"raw_body" text NOT NULL,
	"x_timestamp" text,
	"x_signature" text,
	"trade_no" text,
	"order_no" text,
	"merchant_id" bigint,
	"signature_valid" boolean DEFAULT false NOT NULL,
	"timestamp_fresh" boolean DEFAULT false NOT NULL,
	"outcome" "callback_outcome" NOT NULL,
	"remote_ip" text,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"actor_user_id" bigint,
	"actor_email" text,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"before" jsonb,
	"after" jsonb,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "merchant_accounts" ADD CONSTRAINT "merchant_accounts_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sub_merchants" ADD CONSTRAINT "sub_merchants_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_merchants" ADD CONSTRAINT "user_merchants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_merchants" ADD CONSTRAINT "user_merchants_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_batch_id_payout_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."payout_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payins" ADD CONSTRAINT "payins_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payins" ADD CONSTRAINT "payins_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_payout_id_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_payin_id_payins_id_fk" FOREIGN KEY ("payin_id") REFERENCES "public"."payins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "payouts_order_no" ON "payouts" USING btree ("order_no");--> statement-breakpoint
CREATE INDEX "payouts_status_created" ON "payouts" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "payouts_merchant_created" ON "payouts" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "payouts_batch" ON "payouts" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "payins_order_no" ON "payins" USING btree ("order_no");--> statement-breakpoint
CREATE INDEX "payins_status_created" ON "payins" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "payins_merchant_created" ON "payins" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "order_events_payout" ON "order_events" USING btree ("payout_id","created_at");--> statement-breakpoint
CREATE INDEX "order_events_payin" ON "order_events" USING btree ("payin_id","created_at");--> statement-breakpoint
CREATE INDEX "callbacks_trade_no" ON "callbacks" USING btree ("trade_no");--> statement-breakpoint
CREATE INDEX "callbacks_received" ON "callbacks" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "audit_log_created" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_log_actor" ON "audit_log" USING btree ("actor_user_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_target" ON "audit_log" USING btree ("target_type","target_id");