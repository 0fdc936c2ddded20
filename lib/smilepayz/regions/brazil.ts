import { normalizeCnpj, validateCnpj } from "../beneficiary/cnpj";
import { normalizeCpf, validateCpf } from "../beneficiary/cpf";
import {
  normalizeEvp,
  normalizePixEmail,
  normalizePixPhone,
  validateEvp,
  validatePixEmail,
  validatePixPhone,
} from "../beneficiary/pix";
import { normalizeTaxNumber, validateTaxNumber } from "../beneficiary/tax-number";
import { minorUnitsOnWire } from "./amount-encoders";
import type { PayoutMethod, Region } from "./types";

/** Brazil pays out by Pix: `paymentMethod` is the key type and `cashAccount` the key itself. */
const pix = (
  code: string,
  label: string,
  accountLabel: string,
  accountPlaceholder: string,
  normalizeAccount: (raw: string) => string,
  validateAccount: (normalized: string) => string | null,
): PayoutMethod => ({ code, label, kind: "pix", accountLabel, accountPlaceholder, normalizeAccount, validateAccount });

export const BRAZIL_PIX_METHODS: readonly PayoutMethod[] = [
  pix("CPF", "Pix key: CPF", "CPF", "123.456.789-09", normalizeCpf, validateCpf),
  pix("CNPJ", "Pix key: CNPJ", "CNPJ", "12.345.678/0001-95", normalizeCnpj, validateCnpj),
  pix("PHONE", "Pix key: phone", "Mobile number", "+55 11 98765-4321", normalizePixPhone, validatePixPhone),
  pix("EMAIL", "Pix key: e-mail", "E-mail address", "nome@exemplo.com.br", normalizePixEmail, validatePixEmail),
  pix("EVP", "Pix key: random (EVP)", "Random key", "123e4567-e89b-42d3-a456-426614174000", normalizeEvp, validateEvp),
];

/** `receiver.taxNumber` (CPF or CNPJ), for the pay-out schema. */
export { normalizeTaxNumber as normalizeBrazilTaxNumber, validateTaxNumber as validateBrazilTaxNumber };

export const brazil: Region = {
  code: "BR",
  name: "Brazil",
  currency: "BRL",
  utcOffsetMinutes: -3 * 60,
  orderNoPrefix: "BR",
  area: 13,
  sendArea: false,
  // Centavos on the wire (10000 = BRL 100.00), as the pages other than the seed say. The seed's other reading
  // ("100 = BRL 100.00", whole reais) would be wholeMajorOnWire: switch here if Smilepayz confirms it.
  amount: minorUnitsOnWire({ minorDigits: 2, unitName: "centavos" }),
  payout: {
    methods: BRAZIL_PIX_METHODS,
    // Placeholder limits (BRL 10 - 50,000), to confirm with Smilepayz.
    minAmount: 10_00n,
    maxAmount: 50_000_00n,
    receiverName: false,
    taxNumber: true,
    networks: null,
    additionalParam: true,
    taxNumberRule: { label: "CPF or CNPJ", normalize: normalizeTaxNumber, validate: validateTaxNumber },
  },
  // Pix pay-in exists per API.md but is not in the seeds.
  payin: null,
};
