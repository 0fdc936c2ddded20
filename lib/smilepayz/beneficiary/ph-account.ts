import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { FieldError } from "../regions/types";
import { isDigits } from "./separators";

/** Philippine bank accounts (InstaPay/PESONet accept 10 to 16 digits) and e-wallet mobile numbers. */
export const PH_ACCOUNT_MIN = 10;
export const PH_ACCOUNT_MAX = 16;

export function normalizePhBankAccount(raw: string): string {
  return raw.trim().replace(/[\s\-\u2010-\u2015]/g, "");
}

export function validatePhBankAccount(normalized: string): FieldError {
  if (normalized.length === 0) return "Enter the account number.";
  if (!isDigits(normalized)) return "A bank account number has digits only (dashes and spaces are fine).";
  if (normalized.length < PH_ACCOUNT_MIN || normalized.length > PH_ACCOUNT_MAX) {
    return `Philippine bank account numbers have ${PH_ACCOUNT_MIN} to ${PH_ACCOUNT_MAX} digits; this has ${normalized.length}.`;
  }
  if (/^0+$/.test(normalized)) return "An account number cannot be all zeros.";
  return null;
}

/** E-wallets are keyed by mobile number: "+63 917 123 4567", "639171234567", "9171234567" -> "09171234567". */
export function normalizePhMobile(raw: string): string {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/[\s\-().\u2010-\u2015]/g, "");
  const m = /^(?:\+?63|0)?(9\d{9})$/.exec(digits);
  return m ? `0${m[1]}` : trimmed;
}

export function validatePhMobile(normalized: string): FieldError {
  if (!/^09\d{9}$/.test(normalized)) return "Enter the wallet's mobile number, e.g. 0917 123 4567 or +63 917 123 4567.";
  if (!parsePhoneNumberFromString(normalized, "PH")?.isValid()) return "This is not a valid Philippine mobile number.";
  return null;
}
