import type { BeneficiaryFields, PayoutMethod } from "./types";

/**
 * Builders of `Region.payout.beneficiaryKey` shared by the region files. Pure. A key is compared only within one
 * credential and currency, so it need not name the region.
 */

/** The method by wire code (as findPayoutMethod, without importing the region index: no cycle). */
function methodOf(methods: readonly PayoutMethod[], code: string): PayoutMethod | undefined {
  const wanted = code.trim().toUpperCase();
  return methods.find((m) => m.code === wanted);
}

/**
 * Bank accounts and wallets (Thailand, the Philippines): "METHOD:digits" of the account after the method's own
 * normalization (so "+63 917 123 4567" and "0917-123-4567" are one GCash wallet). No digit at all: the account as typed.
 */
export function methodAndDigitsKey(methods: readonly PayoutMethod[]) {
  return (f: BeneficiaryFields): string => {
    const m = methodOf(methods, f.method);
    const code = m?.code ?? f.method.trim().toUpperCase();
    const account = m ? m.normalizeAccount(f.account) : f.account.trim();
    const digits = account.replace(/\D/g, "");
    return `${code}:${digits || account}`;
  };
}

/** A Pix key types the receiver through another key; the receiver's tax number (CPF/CNPJ) is the person. */
export function taxNumberKey(methods: readonly PayoutMethod[], normalizeTaxNumber: (raw: string) => string) {
  return (f: BeneficiaryFields): string => {
    const tax = f.taxNumber ? normalizeTaxNumber(f.taxNumber) : "";
    if (tax) return tax;
    // No tax number (never for a pay-out the schema accepted): the key itself, by type.
    const m = methodOf(methods, f.method);
    return `${m?.code ?? f.method.trim().toUpperCase()}:${m ? m.normalizeAccount(f.account) : f.account.trim()}`;
  };
}
