import { decimalToMinor, minorToDecimal } from "./money";
import type { AmountEncoding } from "./types";

/**
 * The three ways Smilepayz regions put `money.amount` on the wire (API.md "Amounts"). Each region file picks one
 * and says why. toWire throws RangeError for an amount the region cannot send (a programming error: forms and
 * schemas reject those first); fromWire returns null for a wire number that is not exactly representable.
 */

function assertSendable(minor: bigint, stepMinor: bigint, what: string): void {
  if (minor < 0n) throw new RangeError(`${what}: negative amount`);
  if (minor % stepMinor !== 0n) throw new RangeError(`${what}: amount is not a multiple of ${stepMinor} minor units`);
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what}: amount too large for a JSON number`);
  return Number(value);
}

type Opts = { minorDigits: number; unitName: string; wireUnit?: string };

/**
 * What the three share: amounts a multiple of `stepMinor` and not negative are sent; `shown` is the wire amount as
 * the sentence says it, `toWire` the JSON number (after the checks).
 */
function encoding(opts: Opts, stepMinor: bigint, wire: Pick<AmountEncoding, "toWire" | "fromWire"> & { shown: (minor: bigint) => string }): AmountEncoding {
  const unit = opts.wireUnit ?? opts.unitName;
  return {
    minorDigits: opts.minorDigits,
    wireUnit: unit,
    stepMinor,
    toWire(minor) {
      assertSendable(minor, stepMinor, opts.unitName);
      return wire.toWire(minor);
    },
    fromWire: wire.fromWire,
    describe(minor) {
      if (minor < 0n) return "cannot be sent: the amount is negative";
      if (minor % stepMinor !== 0n) return `cannot be sent: only ${opts.unitName} are accepted`;
      return `sent to Smilepayz as ${wire.shown(minor)} ${unit}`;
    },
  };
}

/** A decimal wire number back to minor units (String() gives the shortest round-trip form; 1e-7 fails the parse). */
const decimalFromWire = (minorDigits: number) => (wire: number) =>
  Number.isFinite(wire) && wire >= 0 ? decimalToMinor(String(wire), minorDigits) : null;

/** The wire carries minor units as an integer (PHP centavos, BRL centavos): 10050n -> 10050. */
export function minorUnitsOnWire(opts: Opts): AmountEncoding {
  return encoding(opts, 1n, {
    toWire: (minor) => toSafeNumber(minor, opts.unitName),
    fromWire: (wire) => (Number.isSafeInteger(wire) && wire >= 0 ? BigInt(wire) : null),
    shown: (minor) => String(minor),
  });
}

/**
 * The wire carries whole major units while the app keeps minorDigits (THB: satang stored, whole baht sent).
 * fromWire still reads decimals up to minorDigits, because responses carry e.g. payAmount 299.98.
 */
export function wholeMajorOnWire(opts: Opts): AmountEncoding {
  const scale = 10n ** BigInt(opts.minorDigits);
  return encoding(opts, scale, {
    toWire: (minor) => toSafeNumber(minor / scale, opts.unitName),
    fromWire: decimalFromWire(opts.minorDigits),
    shown: (minor) => String(minor / scale),
  });
}

/** The wire carries a decimal number of major units (USDT 1.2345): exact only while it round-trips. */
export function decimalMajorOnWire(opts: Opts): AmountEncoding {
  const fromWire = decimalFromWire(opts.minorDigits);
  return encoding(opts, 1n, {
    toWire(minor) {
      const wire = Number(minorToDecimal(minor, opts.minorDigits, 0));
      if (fromWire(wire) !== minor) throw new RangeError(`${opts.unitName}: amount not exact as a JSON number`);
      return wire;
    },
    fromWire,
    shown: (minor) => minorToDecimal(minor, opts.minorDigits, 0),
  });
}
