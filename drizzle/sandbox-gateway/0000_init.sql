CREATE SCHEMA "sandbox_gateway";
--> statement-breakpoint
CREATE TABLE "sandbox_gateway"."accounts" (
	"account_no" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"currency" text NOT NULL,
	"kind" text NOT NULL,
	"balance" bigint NOT NULL,
	CONSTRAINT "gw_accounts_merchant_currency_kind" UNIQUE("merchant_id","currency","kind")
);
--> statement-breakpoint
CREATE TABLE "sandbox_gateway"."callback_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sandbox_gateway"."callback_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"trade_no" text NOT NULL,
	"attempt" integer NOT NULL,
	"url" text NOT NULL,
	"status" text NOT NULL,
	"http_status" integer,
	"response_text" text,
	"delivered" boolean NOT NULL,
	"error" text,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_gateway"."merchants" (
	"merchant_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"merchant_secret" text NOT NULL,
	"public_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_gateway"."orders" (
	"trade_no" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"order_no" text NOT NULL,
	"trade_type" integer NOT NULL,
	"currency" text NOT NULL,
	"amount" text NOT NULL,
	"pay_amount" text,
	"payment_method" text NOT NULL,
	"status" text NOT NULL,
	"callback_url" text,
	"request" jsonb NOT NULL,
	"fate" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"final_at" timestamp with time zone,
	CONSTRAINT "gw_orders_merchant_order_no" UNIQUE("merchant_id","order_no")
);
--> statement-breakpoint
CREATE TABLE "sandbox_gateway"."scenarios" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sandbox_gateway"."scenarios_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" text,
	"order_no" text,
	"remaining" integer NOT NULL,
	"fate" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sandbox_gateway"."accounts" ADD CONSTRAINT "accounts_merchant_id_merchants_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "sandbox_gateway"."merchants"("merchant_id") ON DELETE cascade ON UPDATE no action;