import { isValidCpf } from "@brazilian-utils/brazilian-utils";
import type { FieldError } from "../regions/types";
import { isDigits, stripSeparators } from "./separators";

/** CPF (Brazilian individual tax id) as 11 digits: "123.456.789-09" -> "12345678909". */
export function normalizeCpf(raw: string): string {
  return stripSeparators(raw);
}

/** Check an 11-digit CPF; each failure says which rule it broke so the user can fix the right thing. */
export function validateCpf(normalized: string): FieldError {
  if (normalized.length === 0) return "Enter the CPF.";
  if (!isDigits(normalized)) return "A CPF has digits only (dots and a dash are fine when typing).";
  if (normalized.length !== 11) return `A CPF has 11 digits; this has ${normalized.length}.`;
  // Repeated digits pass the check-digit formula but are reserved by the Receita Federal.
  if (/^(\d)\1{10}$/.test(normalized)) return "This CPF is a reserved number (all digits the same).";
  if (!isValidCpf(normalized)) return "This CPF's check digits do not match; please check for a typo.";
  return null;
}
