ALTER TABLE "api_keys" ADD COLUMN "minute_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "minute_requests" integer DEFAULT 0 NOT NULL;