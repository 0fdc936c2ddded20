-- A final order status never changes, whatever writes it (lib/orders/transition-order.ts is the only writer in
-- the app; this also holds against a console or a future bug).
CREATE OR REPLACE FUNCTION order_final_status_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.status::text = ANY (TG_ARGV) AND NEW.status IS DISTINCT FROM OLD.status THEN
    RAISE EXCEPTION '% % is final (%), refused change to %', TG_TABLE_NAME, OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER payouts_final_status BEFORE UPDATE OF status ON payouts FOR EACH ROW
  EXECUTE FUNCTION order_final_status_guard('REJECTED', 'NOT_ACCEPTED', 'SUCCESS', 'FAILED', 'EXPIRED', 'CANCELLED');
--> statement-breakpoint
CREATE TRIGGER payins_final_status BEFORE UPDATE OF status ON payins FOR EACH ROW
  EXECUTE FUNCTION order_final_status_guard('NOT_ACCEPTED', 'SUCCESS', 'FAILED', 'EXPIRED', 'CANCELLED');
