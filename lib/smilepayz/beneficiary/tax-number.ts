import type { FieldError } from "../regions/types";
import { normalizeCnpj, validateCnpj } from "./cnpj";
import { normalizeCpf, validateCpf } from "./cpf";
import { stripSeparators } from "./separators";

/** Brazil `receiver.taxNumber`: a CPF (person) or a CNPJ (company), told apart by length. */
export function normalizeTaxNumber(raw: string): string {
  const stripped = stripSeparators(raw);
  return stripped.length === 11 ? normalizeCpf(stripped) : normalizeCnpj(stripped);
}

export function validateTaxNumber(normalized: string): FieldError {
  if (normalized.length === 0) return "Enter the receiver's CPF or CNPJ.";
  if (normalized.length === 11) return validateCpf(normalized);
  if (normalized.length === 14) return validateCnpj(normalized);
  return `Enter a CPF (11 digits) or a CNPJ (14 characters); this has ${normalized.length}.`;
}
