ALTER TYPE "public"."batch_status" ADD VALUE 'PENDING_APPROVAL';--> statement-breakpoint
ALTER TYPE "public"."batch_status" ADD VALUE 'APPROVED';--> statement-breakpoint
ALTER TYPE "public"."batch_status" ADD VALUE 'REJECTED';--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "content_hash" text;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "approval_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "approval_reason" text;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "approved_by" bigint;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "rejected_by" bigint;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "decision_note" text;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_rejected_by_users_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payout_batches_merchant_sha" ON "payout_batches" USING btree ("merchant_id","sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_batches_idempotency" ON "payout_batches" USING btree ("created_by","idempotency_key") WHERE "payout_batches"."idempotency_key" is not null;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_approver_not_creator" CHECK ("payout_batches"."approved_by" is null or "payout_batches"."created_by" is null or "payout_batches"."approved_by" <> "payout_batches"."created_by");