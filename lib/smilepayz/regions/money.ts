import { splitAmountText } from "./amount-text";
import type { FieldError, Region } from "./types";

/**
 * Human amounts <-> bigint minor units, without floats. Pure: forms and the server share it.
 * ("1,500.50" in THB -> 150050n satang; formatMinor(150050n) -> "1,500.50 THB".)
 */

export type ParsedAmount = { ok: true; minor: bigint } | { ok: false; error: Exclude<FieldError, null> };

const PLAIN_RE = /^(\d+)(?:\.(\d+))?$/;
// More than this many whole-unit digits is a paste accident, not a payment (and would overflow the wire number).
const MAX_INTEGER_DIGITS = 13;

/** "1500.50" with 2 digits -> 150050n; null for anything that is not a plain decimal with <= digits decimals. */
export function decimalToMinor(text: string, digits: number): bigint | null {
  const m = PLAIN_RE.exec(text);
  if (!m) return null;
  const whole = m[1] ?? "0";
  const frac = m[2] ?? "";
  if (frac.length > digits) {
    // Trailing zeros past the precision ("1.50" in a 1-digit currency) are still exact.
    if (!/^0*$/.test(frac.slice(digits))) return null;
  }
  return BigInt(whole) * 10n ** BigInt(digits) + BigInt((frac.slice(0, digits) || "0").padEnd(digits, "0"));
}

/** 150050n with 2 digits -> "1500.50"; keeps at least minFraction decimals, trims zeros beyond that. */
export function minorToDecimal(minor: bigint, digits: number, minFraction = digits): string {
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  const scale = 10n ** BigInt(digits);
  const whole = (abs / scale).toString();
  let frac = digits > 0 ? (abs % scale).toString().padStart(digits, "0") : "";
  while (frac.length > minFraction && frac.endsWith("0")) frac = frac.slice(0, -1);
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/** How many decimals a person may type: THB stores satang but only takes whole baht (stepMinor 100n -> 0). */
export function enterableDecimals(region: Pick<Region, "amount">): number {
  let step = region.amount.stepMinor;
  let drop = 0;
  while (step % 10n === 0n && step > 1n && drop < region.amount.minorDigits) {
    step /= 10n;
    drop += 1;
  }
  return region.amount.minorDigits - drop;
}

/** Parse what a finance user typed ("1,500.50", "1500", "0.5"; in Brazil also "1.500,50") into minor units. */
export function parseMajorAmount(text: string, region: Pick<Region, "amount" | "currency" | "money">): ParsedAmount {
  const t = text.trim();
  if (t.length === 0) return { ok: false, error: "Enter an amount." };
  if (/^-/.test(t)) return { ok: false, error: "The amount must be positive." };
  const parts = splitAmountText(t, region.currency, region.amount.decimalComma === true);
  if (!parts.ok) return parts;
  const { whole, frac } = parts;
  if (whole.replace(/^0+/, "").length > MAX_INTEGER_DIGITS) return { ok: false, error: "This amount is too large." };
  const decimals = enterableDecimals(region);
  // "1,500.00" is still a whole-baht amount: only non-zero digits past the allowed places are refused.
  if (frac.length > decimals && !/^0*$/.test(frac.slice(decimals))) {
    return {
      ok: false,
      error:
        decimals === 0
          ? `${region.currency} amounts are whole numbers here (no decimals).`
          : `${region.currency} amounts have at most ${decimals} decimal places.`,
    };
  }
  const minor = decimalToMinor(frac ? `${whole}.${frac}` : whole, region.amount.minorDigits);
  if (minor === null) return { ok: false, error: "Enter a valid amount." };
  if (minor === 0n) return { ok: false, error: "The amount must be greater than zero." };
  if (minor % region.amount.stepMinor !== 0n) {
    return { ok: false, error: `${region.currency} amounts must be a multiple of ${formatMinor(region.amount.stepMinor, region, { entry: true })}.` };
  }
  return { ok: true, minor };
}

/**
 * The formatting under lib/words/money.ts's formatMoney (call that one): 150050n in THB -> "1,500.50 THB", in the
 * region's declared style (`money.format`); USDT keeps up to 4 decimals but trims zeros past 2 ("100.00 USDT").
 * `entry`: as a person types it (placeholders, hints): THB in whole baht, "100 THB".
 */
export function formatMinor(minor: bigint, region: Pick<Region, "amount" | "currency" | "money">, opts: { entry?: boolean } = {}): string {
  const digits = region.amount.minorDigits;
  const keep = opts.entry ? Math.min(enterableDecimals(region), 2) : Math.min(2, digits);
  const plain = minorToDecimal(minor, digits, keep);
  const [whole = "0", frac] = plain.replace(/^-/, "").split(".");
  const number = `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac ? `.${frac}` : ""}`;
  const text = region.money.format === "code amount" ? `${region.currency} ${number}` : `${number} ${region.currency}`;
  return `${minor < 0n ? "-" : ""}${text}`;
}

/**
 * The wire amount as text for views and exports. A stored row the region cannot send (e.g. THB with satang, written
 * by hand or by an older version) shows "" here instead of failing the whole list or export mid-stream.
 */
export function wireAmountText(minor: bigint, region: Pick<Region, "amount">): string {
  try {
    return String(region.amount.toWire(minor));
  } catch {
    return "";
  }
}
