CREATE TABLE "order_notes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "order_notes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"order_type" "order_type" NOT NULL,
	"payout_id" bigint,
	"payin_id" bigint,
	"author_user_id" bigint,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_notes_one_target" CHECK (("order_notes"."order_type" = 'payout' and "order_notes"."payout_id" is not null and "order_notes"."payin_id" is null)
       or ("order_notes"."order_type" = 'payin' and "order_notes"."payin_id" is not null and "order_notes"."payout_id" is null)),
	CONSTRAINT "order_notes_not_empty" CHECK (length("order_notes"."note") between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "payout_reruns" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payout_reruns_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"failed_payout_id" bigint NOT NULL,
	"new_payout_id" bigint NOT NULL,
	"from_batch_id" bigint NOT NULL,
	"to_batch_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_reruns_failed_payout_id_unique" UNIQUE("failed_payout_id"),
	CONSTRAINT "payout_reruns_new_payout_id_unique" UNIQUE("new_payout_id")
);
--> statement-breakpoint
ALTER TABLE "order_notes" ADD CONSTRAINT "order_notes_payout_id_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_notes" ADD CONSTRAINT "order_notes_payin_id_payins_id_fk" FOREIGN KEY ("payin_id") REFERENCES "public"."payins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_notes" ADD CONSTRAINT "order_notes_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_reruns" ADD CONSTRAINT "payout_reruns_failed_payout_id_payouts_id_fk" FOREIGN KEY ("failed_payout_id") REFERENCES "public"."payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_reruns" ADD CONSTRAINT "payout_reruns_new_payout_id_payouts_id_fk" FOREIGN KEY ("new_payout_id") REFERENCES "public"."payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_reruns" ADD CONSTRAINT "payout_reruns_from_batch_id_payout_batches_id_fk" FOREIGN KEY ("from_batch_id") REFERENCES "public"."payout_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_reruns" ADD CONSTRAINT "payout_reruns_to_batch_id_payout_batches_id_fk" FOREIGN KEY ("to_batch_id") REFERENCES "public"."payout_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_notes_payout" ON "order_notes" USING btree ("payout_id","created_at");--> statement-breakpoint
CREATE INDEX "order_notes_payin" ON "order_notes" USING btree ("payin_id","created_at");--> statement-breakpoint
CREATE INDEX "payout_reruns_from_batch" ON "payout_reruns" USING btree ("from_batch_id");