ALTER TYPE "public"."callback_outcome" ADD VALUE 'confirming';--> statement-breakpoint
ALTER TYPE "public"."callback_outcome" ADD VALUE 'replayed';--> statement-breakpoint
CREATE TABLE "callback_refusals" (
	"remote_ip" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"reason" "callback_outcome" NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "callback_refusals_pk" PRIMARY KEY("remote_ip","minute","reason")
);
--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "signature_key" text;--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "body_sha256" text;--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "duplicates" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "callbacks_signature_key" ON "callbacks" USING btree ("signature_key");