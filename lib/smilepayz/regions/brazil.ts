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
import { taxNumberKey } from "./beneficiary-key";
import type { PayoutMethod, Region } from "./types";

/*
 * Sources, marked on each value below:
 *   [docs]  the published Smilepayz v2.0 documentation (summarised in /work/shared/smilepayz/API.md);
 *   [demo]  Smilepayz's official demo code (github.com/smilepayz/smilepayz-demo-node.js and its siblings);
 *   ASSUMPTION: confirm with Smilepayz — in neither; a working guess the app must not present as documented.
 */

/** Brazil pays out by Pix: `paymentMethod` is the key type and `cashAccount` the key itself. */
const pix = (
  code: string,
  label: string,
  accountLabel: string,
  accountPlaceholder: string,
  normalizeAccount: (raw: string) => string,
  validateAccount: (normalized: string) => string | null,
): PayoutMethod => ({ code, name: label, label, kind: "pix", accountLabel, accountPlaceholder, normalizeAccount, validateAccount });

// Key types CPF, CNPJ, PHONE, EMAIL, EVP as `paymentMethod`: [docs]. Their formats (check digits, E.164,
// UUID) are the Brazilian central bank's Pix rules, not Smilepayz's.
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
  currency: "BRL", // [docs] [demo]
  utcOffsetMinutes: -3 * 60, // [docs] -03:00 in the examples
  // ASSUMPTION: confirm with Smilepayz (not in the published docs) — PIX settles in seconds; 5 minutes leaves room.
  processingWindowS: 300,
  localTime: { zone: "America/Sao_Paulo", city: "São Paulo" }, // ours: the zone of the offset above
  orderNoPrefix: "BR", // ours
  area: 13, // [demo] BRAZIL_CODE; current doc pages omit `area`
  sendArea: false,
  // ASSUMPTION: confirm with Smilepayz — the sources contradict each other. Centavos (10000 = BRL 100.00) as
  // some [docs] pages say; the other reading ("100 = BRL 100.00", whole reais) would be wholeMajorOnWire.
  // Brazilians write 6.000,00 (ours, the Brazilian convention); "6.000" alone is refused as ambiguous (money.ts).
  amount: { ...minorUnitsOnWire({ minorDigits: 2, unitName: "centavos" }), decimalComma: true },
  money: { format: "amount code" }, // ours: the app's one style, "1,500.00 BRL"
  payout: {
    methods: BRAZIL_PIX_METHODS,
    // ASSUMPTION: confirm with Smilepayz — pay-out limits BRL 10 - 50,000 are placeholders.
    minAmount: 10_00n,
    maxAmount: 50_000_00n,
    receiverName: false,
    taxNumber: true, // [docs] [demo] receiver{taxNumber}
    networks: null,
    additionalParam: true, // [docs] additionalParam{}
    taxNumberRule: { label: "CPF or CNPJ", normalize: normalizeTaxNumber, validate: validateTaxNumber },
    // One receiver has up to five Pix keys (CPF, CNPJ, phone, e-mail, random): the tax number is the person.
    beneficiaryKey: taxNumberKey(BRAZIL_PIX_METHODS, normalizeTaxNumber),
  },
  // Pix pay-in exists [docs], but its fields are not settled: not offered until confirmed.
  payin: null,
};
