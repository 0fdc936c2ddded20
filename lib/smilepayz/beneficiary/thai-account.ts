import type { FieldError } from "../regions/types";
import { describeLengths, isDigits } from "./separators";

/** Thai bank account numbers: digits only, a bank-specific length (10 for most banks, 12 for GSB/BAAC/GHB). */

/** People copy "123-4-56789-0" from bankbooks: drop spaces and dashes, keep anything else for the check. */
export function normalizeThaiAccount(raw: string): string {
  return raw.trim().replace(/[\s\-\u2010-\u2015]/g, "");
}

export function validateThaiAccount(normalized: string, lengths: readonly number[], bankLabel: string): FieldError {
  if (normalized.length === 0) return "Enter the account number.";
  if (!isDigits(normalized)) return "A Thai bank account number has digits only (dashes and spaces are fine).";
  if (!lengths.includes(normalized.length)) {
    return `${bankLabel} account numbers have ${describeLengths(lengths)} digits; this has ${normalized.length}.`;
  }
  if (/^0+$/.test(normalized)) return "An account number cannot be all zeros.";
  return null;
}
