import "server-only";
import { and, eq, isNotNull, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payins } from "@/db/schema";
import { getRegion } from "@/lib/smilepayz/regions";
import { minorToDecimal } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";
import { hashPayerToken, isPayerTokenShape } from "./payer-token";
import type { PublicPayinView } from "./public-payin-view";

/** The merchant's columns the payer may see: its payer-facing name (never the merchant id). */
type PublicMerchant = Pick<typeof merchants.$inferSelect, "name" | "payerDisplayName">;

/**
 * The pay-in behind a payer token, as the payer may see it; null for anything else (a malformed, guessed or revoked
 * token looks the same: not found). Only the token's hash is looked up.
 */
export async function findPublicPayin(db: DbOrTx, token: string): Promise<{ id: number; view: PublicPayinView } | null> {
  if (!isPayerTokenShape(token)) return null;
  return readPublic(db, and(eq(payins.payerTokenHash, hashPayerToken(token)), isNotNull(payins.payerTokenHash)));
}

/** The same view by row id, for the status stream (null once the token is revoked). */
export async function findPublicPayinById(db: DbOrTx, id: number): Promise<{ id: number; view: PublicPayinView } | null> {
  return readPublic(db, and(eq(payins.id, id), isNotNull(payins.payerTokenHash)));
}

async function readPublic(db: DbOrTx, where: SQL | undefined) {
  const [r] = await db
    .select({ p: payins, m: { name: merchants.name, payerDisplayName: merchants.payerDisplayName } })
    .from(payins)
    .innerJoin(merchants, eq(merchants.id, payins.merchantId))
    .where(where)
    .limit(1);
  if (!r) return null;
  return { id: r.p.id, view: toPublicView(r.p, r.m) };
}

/** The name the payer sees: the credential's payer display name, else its name. */
export function payerFacingName(m: PublicMerchant): string {
  return m.payerDisplayName?.trim() || m.name;
}

/** Field by field, never a spread of the row: a column added later stays off the payer's page until chosen here. */
export function toPublicView(p: typeof payins.$inferSelect, m: PublicMerchant): PublicPayinView {
  const region = getRegion(p.region);
  const pay = p.payAmountMinor !== null && p.payAmountMinor !== p.amountMinor ? formatMoney(p.payAmountMinor, region) : null;
  return {
    merchantName: payerFacingName(m),
    orderNo: p.orderNo,
    description: p.payerDescription,
    currency: p.currency,
    method: p.paymentMethod,
    amountDisplay: formatMoney(p.amountMinor, region),
    payAmountDisplay: pay,
    payAmountPlain: minorToDecimal(p.payAmountMinor ?? p.amountMinor, region.amount.minorDigits),
    qrString: p.qrString,
    paymentUrl: p.paymentUrl,
    receiverBankName: bankByName(region, p.receiverBankName),
    receiverAccountName: p.receiverAccountName,
    vaNumber: p.vaNumber,
    expiresAt: p.expiresAt?.toISOString() ?? null,
    status: publicStatus(p.status),
    redirectUrl: p.redirectUrl,
  };
}

/** The receiving bank as payers know it ("Kasikornbank (KBANK)"), from the region's bank list; else as the gateway said. */
function bankByName(region: ReturnType<typeof getRegion>, code: string | null): string | null {
  if (!code) return null;
  const bank = region.payout.methods.find((m) => m.kind === "bank" && m.code === code.toUpperCase());
  return bank?.label ?? code;
}

function publicStatus(s: (typeof payins.$inferSelect)["status"]): PublicPayinView["status"] {
  if (s === "SUCCESS" || s === "FAILED" || s === "EXPIRED" || s === "CANCELLED") return s;
  if (s === "NOT_ACCEPTED") return "FAILED";
  return "WAITING";
}
