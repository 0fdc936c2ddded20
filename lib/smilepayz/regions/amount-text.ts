/**
 * Which characters of a typed amount are whole units and which the fraction. Every region reads the point way
 * (1,234.56); a region whose amount declares `decimalComma` (Brazil) also reads the comma way (1.234,56). An
 * amount the two ways read differently ("6.000": six thousand, or six) is refused with both readings, never guessed.
 */
export type AmountParts = { ok: true; whole: string; frac: string } | { ok: false; error: string };
type Parts = { whole: string; frac: string };

const POINT_PLAIN = /^(\d+)(?:\.(\d+))?$/;
const POINT_GROUPED = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;
const COMMA_PLAIN = /^(\d+)(?:,(\d+))?$/;
const COMMA_GROUPED = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/;

function read(text: string, plain: RegExp, grouped: RegExp, thousands: string): Parts | null {
  const m = plain.exec(text) ?? grouped.exec(text);
  return m ? { whole: (m[1] ?? "").split(thousands).join(""), frac: m[2] ?? "" } : null;
}

const withDots = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
const trimFrac = (p: Parts) => `${p.whole}${p.frac.replace(/0+$/, "") ? `.${p.frac.replace(/0+$/, "")}` : ""}`;

/** "6.000" (or "6,000") in BRL: six thousand, or six with three decimals. */
function ambiguity(text: string, currency: string, thousands: Parts, decimal: Parts): string {
  const second = /0$/.test(decimal.frac) ? `, ${decimal.whole},${decimal.frac.slice(0, 2)} for the second` : "";
  return `“${text}” could mean ${thousands.whole} or ${trimFrac(decimal)} ${currency}: write ${withDots(thousands.whole)},00 or ${thousands.whole} for the first${second}.`;
}

export function splitAmountText(text: string, currency: string, decimalComma: boolean): AmountParts {
  const point = read(text, POINT_PLAIN, POINT_GROUPED, ",");
  if (!decimalComma) {
    if (point) return { ok: true, ...point };
    // "1.500,50" or "2500,50": a decimal comma where this region writes a point.
    if (/^\d[\d.]*,\d{1,2}$/.test(text) && read(text, COMMA_PLAIN, COMMA_GROUPED, ".")) {
      const swapped = text.replace(/[.,]/g, (c) => (c === "," ? "." : ","));
      return { ok: false, error: `${currency} amounts take a point for decimals: write ${swapped} (commas only between thousands).` };
    }
    return { ok: false, error: "Enter digits with an optional decimal point, e.g. 1,500.50 (commas only between thousands)." };
  }
  const comma = read(text, COMMA_PLAIN, COMMA_GROUPED, ".");
  if (point && comma && (point.whole !== comma.whole || point.frac !== comma.frac)) {
    return { ok: false, error: point.frac === "" ? ambiguity(text, currency, point, comma) : ambiguity(text, currency, comma, point) };
  }
  const parts = point ?? comma;
  if (parts) return { ok: true, ...parts };
  return { ok: false, error: `Write ${currency} amounts as 1.234,56 or 1234.56 (or 1,234.56): digits, one decimal separator, no currency sign.` };
}

/** The hint under an amount field, for a region that reads both ways; null for the others. */
export function amountTextHint(currency: string, decimalComma: boolean): string | null {
  if (!decimalComma) return null;
  return `Write ${currency} as 6.000,00 or 6000.00. A lone “6.000” is refused: it could mean six thousand or six.`;
}
