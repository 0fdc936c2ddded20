CREATE TABLE "sign_in_failures" (
	"account" text NOT NULL,
	"ip" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"user_id" bigint,
	"attempts" integer NOT NULL,
	"reasons" jsonb NOT NULL,
	"emails" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "sign_in_failures_account_ip_minute_pk" PRIMARY KEY("account","ip","minute")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "device_generation" integer DEFAULT 0 NOT NULL;