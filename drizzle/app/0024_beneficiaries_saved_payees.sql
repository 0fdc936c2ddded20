CREATE TYPE "public"."beneficiary_status" AS ENUM('PENDING_VERIFICATION', 'VERIFIED', 'REJECTED');--> statement-breakpoint
CREATE TABLE "beneficiaries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "beneficiaries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" bigint NOT NULL,
	"label" text NOT NULL,
	"region" "region" NOT NULL,
	"payment_method" text NOT NULL,
	"cash_account" text NOT NULL,
	"receiver_name" text,
	"tax_number" text,
	"network" text,
	"beneficiary_key" text NOT NULL,
	"status" "beneficiary_status" NOT NULL,
	"created_by" bigint,
	"submitted_by" bigint,
	"verified_by" bigint,
	"verified_at" timestamp with time zone,
	"rejected_by" bigint,
	"reject_reason" text,
	"archived_by" bigint,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "beneficiaries_verifier_not_submitter" CHECK ("beneficiaries"."verified_by" is null or "beneficiaries"."submitted_by" is null or "beneficiaries"."verified_by" <> "beneficiaries"."submitted_by"),
	CONSTRAINT "beneficiaries_verified_has_verifier" CHECK ("beneficiaries"."status" <> 'VERIFIED' or "beneficiaries"."verified_by" is not null)
);
--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "beneficiary_id" bigint;--> statement-breakpoint
ALTER TABLE "beneficiaries" ADD CONSTRAINT "beneficiaries_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beneficiaries" ADD CONSTRAINT "beneficiaries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beneficiaries" ADD CONSTRAINT "beneficiaries_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beneficiaries" ADD CONSTRAINT "beneficiaries_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beneficiaries" ADD CONSTRAINT "beneficiaries_rejected_by_users_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beneficiaries" ADD CONSTRAINT "beneficiaries_archived_by_users_id_fk" FOREIGN KEY ("archived_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "beneficiaries_merchant_key_live" ON "beneficiaries" USING btree ("merchant_id","beneficiary_key") WHERE "beneficiaries"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "beneficiaries_merchant_status" ON "beneficiaries" USING btree ("merchant_id","status","id");--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_beneficiary_id_beneficiaries_id_fk" FOREIGN KEY ("beneficiary_id") REFERENCES "public"."beneficiaries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payouts_beneficiary" ON "payouts" USING btree ("beneficiary_id") WHERE "payouts"."beneficiary_id" is not null;