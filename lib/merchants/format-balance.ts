import { regionByCurrency } from "@/lib/smilepayz/regions";
import { minorToDecimal } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";

/**
 * A balance in minor units (a bigint, or the decimal string it travels as) as people read it, in the app's one
 * money style (lib/words/money.ts): "10,000,000.00 THB". A currency no region declares (a gateway's odd account)
 * is grouped the same way with its code after it.
 */
export function formatBalance(minor: bigint | string, currency: string, minorDigits: number): string {
  const region = regionByCurrency(currency);
  if (region && region.amount.minorDigits === minorDigits) return formatMoney(BigInt(minor), region);
  const [whole = "0", frac] = minorToDecimal(BigInt(minor), minorDigits, Math.min(2, minorDigits)).split(".");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac ? `.${frac}` : ""} ${currency}`;
}
