CREATE TABLE "balance_snapshots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "balance_snapshots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" bigint NOT NULL,
	"currency" text NOT NULL,
	"kind" "account_kind" NOT NULL,
	"balance_minor" bigint NOT NULL,
	"available_minor" bigint,
	"taken_at" timestamp with time zone NOT NULL,
	CONSTRAINT "balance_snapshots_account_time" UNIQUE("merchant_id","currency","kind","taken_at")
);
--> statement-breakpoint
ALTER TABLE "balance_snapshots" ADD CONSTRAINT "balance_snapshots_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "balance_snapshots_lookup" ON "balance_snapshots" USING btree ("merchant_id","currency","taken_at");