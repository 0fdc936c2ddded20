import "server-only";
import { and, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { payins } from "@/db/schema";
import { getRegion } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import { hashPayerToken, isPayerTokenShape } from "./payer-token";
import type { PublicPayinView } from "./payin-view";

/**
 * The pay-in behind a payer token, as the payer may see it; null for anything else (a malformed, guessed or revoked
 * token looks the same: not found). Only the token's hash is looked up.
 */
export async function findPublicPayin(db: DbOrTx, token: string): Promise<{ id: number; view: PublicPayinView } | null> {
  if (!isPayerTokenShape(token)) return null;
  const [p] = await db
    .select()
    .from(payins)
    .where(and(eq(payins.payerTokenHash, hashPayerToken(token)), isNotNull(payins.payerTokenHash)))
    .limit(1);
  if (!p) return null;
  return { id: p.id, view: toPublicView(p) };
}

/** Field by field, never a spread of the row: a column added later stays off the payer's page until chosen here. */
export function toPublicView(p: typeof payins.$inferSelect): PublicPayinView {
  const region = getRegion(p.region);
  const pay = p.payAmountMinor !== null && p.payAmountMinor !== p.amountMinor ? formatMoney(p.payAmountMinor, region) : null;
  return {
    orderNo: p.orderNo,
    description: p.payerDescription,
    currency: p.currency,
    method: p.paymentMethod,
    amountDisplay: formatMoney(p.amountMinor, region),
    payAmountDisplay: pay,
    qrString: p.qrString,
    paymentUrl: p.paymentUrl,
    receiverBankName: p.receiverBankName,
    vaNumber: p.vaNumber,
    expiresAt: p.expiresAt?.toISOString() ?? null,
    status: publicStatus(p.status),
    redirectUrl: p.redirectUrl,
  };
}

function publicStatus(s: (typeof payins.$inferSelect)["status"]): PublicPayinView["status"] {
  if (s === "SUCCESS" || s === "FAILED" || s === "EXPIRED" || s === "CANCELLED") return s;
  if (s === "NOT_ACCEPTED") return "FAILED";
  return "WAITING";
}
