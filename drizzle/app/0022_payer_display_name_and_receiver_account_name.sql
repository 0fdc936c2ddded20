ALTER TABLE "merchants" ADD COLUMN "payer_display_name" text;--> statement-breakpoint
ALTER TABLE "payins" ADD COLUMN "receiver_account_name" text;