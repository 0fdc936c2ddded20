import { minorToDecimal } from "@/lib/smilepayz/regions/money";

/**
 * A balance in minor units (a bigint, or the decimal string it travels as) as people read it:
 * "THB 10,000,000.00". Intl.NumberFormat formats the exact decimal string (no float on the way); USDT is not
 * an ISO 4217 code, so it is grouped as a number and the code written after it ("1,234.5678 USDT").
 */
export function formatBalance(minor: bigint | string, currency: string, minorDigits: number, locale = "en-US"): string {
  const decimal = minorToDecimal(BigInt(minor), minorDigits, Math.min(2, minorDigits));
  const iso = /^[A-Z]{3}$/.test(currency);
  const nf = new Intl.NumberFormat(locale, {
    ...(iso ? { style: "currency", currency, currencyDisplay: "code" } : { style: "decimal" }),
    minimumFractionDigits: Math.min(2, minorDigits),
    maximumFractionDigits: minorDigits,
  });
  // ES2023 Intl takes a decimal string exactly; the ES2022 typings only know number | bigint.
  const text = (nf.format as unknown as (value: string) => string)(decimal);
  return iso ? text : `${text} ${currency}`;
}
