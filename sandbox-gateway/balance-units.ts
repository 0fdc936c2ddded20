import "server-only";
import { regionByCurrency } from "@/lib/smilepayz/regions";

/** Balances are kept in major units × 10^4 (USDT has 4 decimals, so every region's minor unit is exact). */
export const BALANCE_DIGITS = 4;

/**
 * A wire `money.amount` (or `payAmount`) as balance units, decoded by the region's own amount encoding, the same
 * function the app encodes with: PHP/BRL centavos, THB whole baht, USDT decimals. Null when it is not an amount.
 */
export function wireToBalanceUnits(currency: string, wire: number): bigint | null {
  const region = regionByCurrency(currency);
  if (!region) return null;
  const digits = region.amount.minorDigits;
  if (digits > BALANCE_DIGITS) throw new RangeError(`${currency}: ${digits} decimals do not fit the sandbox's balances`);
  const minor = region.amount.fromWire(wire);
  return minor === null ? null : minor * 10n ** BigInt(BALANCE_DIGITS - digits);
}

/** Major units (a whole number, as `openingBalance` is given) as balance units. */
export function majorToBalanceUnits(major: number): bigint {
  return BigInt(major) * 10n ** BigInt(BALANCE_DIGITS);
}
