ALTER TABLE "payouts" ADD COLUMN "approval_seal" text;--> statement-breakpoint
-- Data: approvals made before seals existed cannot be sealed here (the key is not in the database, by design), and
-- dispatch sends no unsealed pay-out. So pay-outs approved but not sent yet wait for a second person again, with an
-- event and an audit row each, and the runs they belong to wait for approval again (their rows already sent go on).
WITH back AS (
  UPDATE "payouts" SET "status" = 'PENDING_APPROVAL', "approval_required" = true, "approved_by" = NULL, "approved_at" = NULL,
         "approved_hash" = NULL, "updated_at" = now(), "version" = "version" + 1
   WHERE "status" = 'APPROVED' AND "approval_seal" IS NULL
  RETURNING "id"
), ev AS (
  INSERT INTO "order_events" ("order_type", "payout_id", "from_status", "to_status", "source", "actor_name", "note")
  SELECT 'payout', "id", 'APPROVED', 'PENDING_APPROVAL', 'system', 'migration',
         'approved before approvals were sealed with the app''s key: not sent; a second person approves it again'
    FROM back
  RETURNING "payout_id"
)
INSERT INTO "audit_log" ("actor_kind", "actor_name", "action", "target_type", "target_id", "before", "after")
SELECT 'system', 'migration', 'payout.status_changed', 'payout', "payout_id"::text, '{"status":"APPROVED"}'::jsonb,
       '{"status":"PENDING_APPROVAL","source":"system","note":"approved before approvals were sealed: approve again"}'::jsonb
  FROM ev;
--> statement-breakpoint
-- Guarded (and dynamic): on a fresh database the run statuses were added in this same migration transaction, and
-- PostgreSQL refuses to use an enum value before it is committed; a fresh database has no runs to renew anyway.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "payout_batches" WHERE "status"::text IN ('APPROVED', 'PAUSED')) THEN
    EXECUTE $q$
      WITH back AS (
        UPDATE "payout_batches" b SET "status" = 'PENDING_APPROVAL', "approved_by" = NULL, "approved_at" = NULL
         WHERE b."status" IN ('APPROVED', 'PAUSED')
           AND EXISTS (SELECT 1 FROM "payouts" p WHERE p."batch_id" = b."id" AND p."status" = 'PENDING_APPROVAL')
        RETURNING b."id"
      )
      INSERT INTO "audit_log" ("actor_kind", "actor_name", "action", "target_type", "target_id", "after")
      SELECT 'system', 'migration', 'payout_batch.approval_renewed', 'payout_batch', "id"::text,
             '{"status":"PENDING_APPROVAL","note":"approved before approvals were sealed: rows not sent yet wait for a new approval"}'::jsonb
        FROM back
    $q$;
  END IF;
END $$;
