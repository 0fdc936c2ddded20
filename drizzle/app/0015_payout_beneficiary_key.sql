-- Who is paid, one string whatever the spelling: the region's payout.beneficiaryKey (lib/smilepayz/regions/*) fills it
-- for every new pay-out. Existing rows are keyed here, in SQL, by the same rules: every stored account went through
-- its region's normalizeAccount and validateAccount first, so these few expressions give the function's answer
-- (a valid TRON address is already its own base58 re-encoding). Added nullable, filled, then made NOT NULL.
ALTER TABLE "payouts" ADD COLUMN "beneficiary_key" text;--> statement-breakpoint
UPDATE "payouts" SET "beneficiary_key" = CASE
  -- USDT: BEP20 (0x…) lower-case; TRC20 as stored.
  WHEN "region" = 'USDT' THEN CASE WHEN btrim("cash_account") ~* '^0x' THEN lower(btrim("cash_account")) ELSE btrim("cash_account") END
  -- Brazil: the receiver's tax number (CPF/CNPJ, separators stripped), whatever the Pix key.
  WHEN "region" = 'BR' AND coalesce(regexp_replace("tax_number", '[[:space:]./-]', '', 'g'), '') <> ''
    THEN upper(regexp_replace("tax_number", '[[:space:]./-]', '', 'g'))
  WHEN "region" = 'BR' THEN upper(btrim("payment_method")) || ':' || btrim("cash_account")
  -- Philippine e-wallets: the mobile number as 09XXXXXXXXX (normalizePhMobile), then method:digits.
  WHEN "region" = 'PH' AND upper(btrim("payment_method")) IN ('GCASH', 'MAYA', 'GRABPAY', 'SHOPEEPAY', 'COINSPH')
       AND regexp_replace("cash_account", '[^0-9]', '', 'g') ~ '^(63|0)?9[0-9]{9}$'
    THEN upper(btrim("payment_method")) || ':0' || right(regexp_replace("cash_account", '[^0-9]', '', 'g'), 10)
  -- Thailand and the Philippines: method and the account's digits.
  ELSE upper(btrim("payment_method")) || ':' || coalesce(nullif(regexp_replace("cash_account", '[^0-9]', '', 'g'), ''), btrim("cash_account"))
END;--> statement-breakpoint
ALTER TABLE "payouts" ALTER COLUMN "beneficiary_key" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "payouts_beneficiary_window" ON "payouts" USING btree ("merchant_id","currency","beneficiary_key","created_at");
