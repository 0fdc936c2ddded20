import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import type { FieldError } from "../regions/types";

/** Pix keys other than CPF/CNPJ, in the forms the Central Bank's DICT stores them. Pure. */

// DICT keeps e-mail keys lowercased and at most 77 characters long.
export const PIX_EMAIL_MAX = 77;
const emailSchema = z.email();
// Anatel's area codes (DDD); libphonenumber's small metadata lets non-existent ones such as 20 through.
const BR_DDD = new Set(
  "11 12 13 14 15 16 17 18 19 21 22 24 27 28 31 32 33 34 35 37 38 41 42 43 44 45 46 47 48 49 51 53 54 55 61 62 63 64 65 66 67 68 69 71 73 74 75 77 79 81 82 83 84 85 86 87 88 89 91 92 93 94 95 96 97 98 99".split(" "),
);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** "+55 (11) 98765-4321", "(11) 98765-4321", "5511987654321" -> "+5511987654321"; anything else trimmed. */
export function normalizePixPhone(raw: string): string {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, "");
  // A 12/13-digit number starting 55 without "+" was typed with the country code.
  const withPlus = !trimmed.startsWith("+") && /^55\d{10,11}$/.test(digits) ? `+${digits}` : trimmed;
  const parsed = parsePhoneNumberFromString(withPlus, "BR");
  return parsed?.country === "BR" || parsed?.countryCallingCode === "55" ? parsed.number : trimmed;
}

/** A Pix phone key is a Brazilian mobile in E.164: +55, a two-digit DDD, then 9 and eight digits. */
export function validatePixPhone(normalized: string): FieldError {
  if (!/^\+55\d{10,11}$/.test(normalized)) {
    return "Enter a Brazilian mobile number with area code, e.g. +55 11 98765-4321.";
  }
  const parsed = parsePhoneNumberFromString(normalized);
  if (!parsed?.isValid()) return "This is not a valid Brazilian phone number (check the area code).";
  const national = parsed.nationalNumber;
  if (!BR_DDD.has(national.slice(0, 2))) return `There is no Brazilian area code ${national.slice(0, 2)}.`;
  // Pix registers mobile numbers only; Brazilian mobiles have 11 national digits with 9 after the DDD.
  if (national.length !== 11 || national[2] !== "9") {
    return "Pix phone keys are mobile numbers (9 after the area code); this looks like a landline.";
  }
  return null;
}

export function normalizePixEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function validatePixEmail(normalized: string): FieldError {
  if (normalized.length > PIX_EMAIL_MAX) return `A Pix e-mail key has at most ${PIX_EMAIL_MAX} characters.`;
  if (!emailSchema.safeParse(normalized).success) return "Enter a valid e-mail address.";
  return null;
}

/** EVP ("chave aleatória") is a UUID; DICT stores it lowercase with dashes. */
export function normalizeEvp(raw: string): string {
  const lower = raw.trim().toLowerCase();
  // Some banking apps show the key without dashes; DICT's form has them.
  const m = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/.exec(lower);
  return m ? m.slice(1).join("-") : lower;
}

export function validateEvp(normalized: string): FieldError {
  if (!UUID_RE.test(normalized)) {
    return "A random Pix key (EVP) looks like 123e4567-e89b-42d3-a456-426614174000 (32 hex digits with dashes).";
  }
  if (/^[0-]+$/.test(normalized)) return "The all-zero UUID is not a Pix key.";
  return null;
}
