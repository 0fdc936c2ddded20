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

/** The wire carries minor units as an integer (PHP centavos, BRL centavos): 10050n -> 10050. */
export function minorUnitsOnWire(opts: { minorDigits: number; unitName: string; wireUnit?: string }): AmountEncoding {
  return {
    minorDigits: opts.minorDigits,
    wireUnit: opts.wireUnit ?? opts.unitName,
    stepMinor: 1n,
    toWire(minor) {
      assertSendable(minor, 1n, opts.unitName);
      return toSafeNumber(minor, opts.unitName);
    },
    fromWire(wire) {
      return Number.isSafeInteger(wire) && wire >= 0 ? BigInt(wire) : null;
    },
    describe(minor) {
      if (minor < 0n) return "cannot be sent: the amount is negative";
      return `sent to Smilepayz as ${minor} ${opts.wireUnit ?? opts.unitName}`;
    },
  };
}

/**
 * The wire carries whole major units while the app keeps minorDigits (THB: satang stored, whole baht sent).
 * fromWire still reads decimals up to minorDigits, because responses carry e.g. payAmount 299.98.
 */
export function wholeMajorOnWire(opts: { minorDigits: number; unitName: string; wireUnit?: string }): AmountEncoding {
  const scale = 10n ** BigInt(opts.minorDigits);
  return {
    minorDigits: opts.minorDigits,
    wireUnit: opts.wireUnit ?? opts.unitName,
    stepMinor: scale,
    toWire(minor) {
      assertSendable(minor, scale, opts.unitName);
      return toSafeNumber(minor / scale, opts.unitName);
    },
    fromWire(wire) {
      if (!Number.isFinite(wire) || wire < 0) return null;
      return decimalToMinor(String(wire), opts.minorDigits);
    },
    describe(minor) {
      if (minor < 0n) return "cannot be sent: the amount is negative";
      if (minor % scale !== 0n) return `cannot be sent: only ${opts.unitName} are accepted`;
      return `sent to Smilepayz as ${minor / scale} ${opts.wireUnit ?? opts.unitName}`;
    },
  };
}

/** The wire carries a decimal number of major units (USDT 1.2345): exact only while it round-trips. */
export function decimalMajorOnWire(opts: { minorDigits: number; unitName: string; wireUnit?: string }): AmountEncoding {
  const fromWire = (wire: number): bigint | null => {
    // String() gives the shortest round-trip form; exponent forms (1e-7, 1e+21) fail the plain-decimal parse.
    if (!Number.isFinite(wire) || wire < 0) return null;
    return decimalToMinor(String(wire), opts.minorDigits);
  };
  return {
    minorDigits: opts.minorDigits,
    wireUnit: opts.wireUnit ?? opts.unitName,
    stepMinor: 1n,
    toWire(minor) {
      assertSendable(minor, 1n, opts.unitName);
      const wire = Number(minorToDecimal(minor, opts.minorDigits, 0));
      if (fromWire(wire) !== minor) throw new RangeError(`${opts.unitName}: amount not exact as a JSON number`);
      return wire;
    },
    fromWire,
    describe(minor) {
      if (minor < 0n) return "cannot be sent: the amount is negative";
      return `sent to Smilepayz as ${minorToDecimal(minor, opts.minorDigits, 0)} ${opts.wireUnit ?? opts.unitName}`;
    },
  };
}
