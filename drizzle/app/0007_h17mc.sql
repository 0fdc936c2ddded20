CREATE TABLE "pending_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pending_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" bigint,
	"summary" text NOT NULL,
	"payload" jsonb NOT NULL,
	"secret_enc" text,
	"target_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" bigint NOT NULL,
	"decided_by" bigint,
	"reason" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "pending_changes_status" CHECK ("pending_changes"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "pending_changes_kind" CHECK ("pending_changes"."kind" in ('approval_thresholds', 'user_create', 'user_update', 'credential_update', 'credential_key_pair')),
	CONSTRAINT "pending_changes_approver_not_requester" CHECK ("pending_changes"."status" <> 'approved' or "pending_changes"."decided_by" <> "pending_changes"."requested_by"),
	CONSTRAINT "pending_changes_decided" CHECK (("pending_changes"."status" = 'pending') = ("pending_changes"."decided_at" is null))
);
--> statement-breakpoint
ALTER TABLE "pending_changes" ADD CONSTRAINT "pending_changes_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_changes" ADD CONSTRAINT "pending_changes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pending_changes_status_requested" ON "pending_changes" USING btree ("status","requested_at");