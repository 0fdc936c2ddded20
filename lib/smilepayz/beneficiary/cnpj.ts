import { isValidCnpj } from "@brazilian-utils/brazilian-utils";
import type { FieldError } from "../regions/types";
import { isDigits, stripSeparators } from "./separators";

/**
 * Receita Federal issues alphanumeric CNPJs (12 letters/digits + 2 check digits) from July 2026; Pix accepts
 * them as keys. We accept both forms; set false if Smilepayz turns out to refuse letters.
 */
export const ACCEPT_ALPHANUMERIC_CNPJ = true;

/** CNPJ (Brazilian company tax id) as 14 characters: "12.345.678/0001-95" -> "12345678000195". */
export function normalizeCnpj(raw: string): string {
  return stripSeparators(raw).toUpperCase();
}

export function validateCnpj(normalized: string): FieldError {
  if (normalized.length === 0) return "Enter the CNPJ.";
  const alnum = /^[0-9A-Z]+$/.test(normalized);
  if (!alnum || (!ACCEPT_ALPHANUMERIC_CNPJ && !isDigits(normalized))) {
    return "A CNPJ has digits only (dots, a slash and a dash are fine when typing).";
  }
  if (normalized.length !== 14) return `A CNPJ has 14 characters; this has ${normalized.length}.`;
  if (!/^[0-9]{2}$/.test(normalized.slice(12))) return "A CNPJ ends with two check digits.";
  if (/^(\d)\1{13}$/.test(normalized)) return "This CNPJ is a reserved number (all digits the same).";
  const ok = isDigits(normalized) ? isValidCnpj(normalized) : isValidCnpj(normalized, { version: 2 });
  if (!ok) return "This CNPJ's check digits do not match; please check for a typo.";
  return null;
}
