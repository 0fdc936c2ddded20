CREATE TABLE "sandbox_gateway"."inquiries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sandbox_gateway"."inquiries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" text NOT NULL,
	"order_no" text,
	"trade_no" text,
	"trade_type" integer NOT NULL,
	"found" boolean NOT NULL,
	"asked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "gw_inquiries_order_no" ON "sandbox_gateway"."inquiries" USING btree ("order_no");