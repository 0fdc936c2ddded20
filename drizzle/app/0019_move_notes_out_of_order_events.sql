-- Notes were stored as order events with from = to and source 'person' (lib/orders/add-order-note.ts was their only
-- writer): they move to order_notes, their own kind of entry, so a note never reads as a status change or an outcome.
INSERT INTO "order_notes" ("order_type", "payout_id", "payin_id", "author_user_id", "note", "created_at")
SELECT "order_type", "payout_id", "payin_id", "actor_user_id", left(coalesce(nullif("note", ''), '(empty note)'), 1000), "created_at"
  FROM "order_events"
 WHERE "source" = 'person' AND "from_status" = "to_status"
 ORDER BY "id";
--> statement-breakpoint
DELETE FROM "order_events" WHERE "source" = 'person' AND "from_status" = "to_status";
