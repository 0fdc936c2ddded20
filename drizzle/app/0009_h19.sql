ALTER TABLE "payins" ADD COLUMN "expiry_seconds" integer DEFAULT 3600 NOT NULL;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "redirect_url" text;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "receiver_bank_name" text;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "va_number" text;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "payer_token_hash" text;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "payer_token_revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "inquiry_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "last_inquiry_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "payins_created_id" ON "payins" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "payins_idempotency" ON "payins" USING btree ("created_by","idempotency_key") WHERE "payins"."idempotency_key" is not null;--> statement-breakpoint
ALTER TABLE "payins" ADD CONSTRAINT "payins_payer_token_hash_unique" UNIQUE("payer_token_hash");--> statement-breakpoint
ALTER TABLE "payins" ADD CONSTRAINT "payins_expiry_range" CHECK ("payins"."expiry_seconds" between 60 and 86400);