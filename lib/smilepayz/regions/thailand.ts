import { normalizeThaiAccount, validateThaiAccount } from "../beneficiary/thai-account";
import { wholeMajorOnWire } from "./amount-encoders";
import type { PayoutMethod, Region } from "./types";

/**
 * Receiving banks as [wire code, name, account-number lengths]. The seed names KBANK, BBL, SCB, KTB, BAY, TTB
 * and GSB; the other codes follow the same short-name style and must be confirmed against Smilepayz's bank list.
 * Lengths: 10 digits for most banks; the state banks GSB, BAAC and GHB use 12.
 */
const THAI_BANKS: ReadonlyArray<readonly [code: string, name: string, lengths: readonly number[]]> = [
  ["KBANK", "Kasikornbank", [10]],
  ["BBL", "Bangkok Bank", [10]],
  ["SCB", "Siam Commercial Bank", [10]],
  ["KTB", "Krungthai Bank", [10]],
  ["BAY", "Bank of Ayudhya (Krungsri)", [10]],
  ["TTB", "TMBThanachart Bank (ttb)", [10]],
  ["GSB", "Government Savings Bank", [12]],
  ["BAAC", "Bank for Agriculture and Agricultural Cooperatives", [12]],
  ["GHB", "Government Housing Bank", [12]],
  ["CIMBT", "CIMB Thai Bank", [10]],
  ["UOBT", "United Overseas Bank (Thai)", [10]],
  ["KKP", "Kiatnakin Phatra Bank", [10]],
  ["LHBANK", "Land and Houses Bank", [10]],
  ["TISCO", "TISCO Bank", [10]],
  ["ICBCT", "ICBC (Thai)", [10]],
  ["TCRB", "Thai Credit Bank", [10]],
  ["IBANK", "Islamic Bank of Thailand", [10]],
  ["CITI", "Citibank Thailand", [10]],
  ["SCBT", "Standard Chartered Bank (Thai)", [11]],
];

function bankMethod(code: string, name: string, lengths: readonly number[]): PayoutMethod {
  return {
    code,
    label: `${name} (${code})`,
    kind: "bank",
    accountLabel: "Bank account number",
    accountPlaceholder: lengths[0] === 12 ? "0201 2345 6789" : "123-4-56789-0",
    normalizeAccount: normalizeThaiAccount,
    validateAccount: (normalized) => validateThaiAccount(normalized, lengths, name),
  };
}

export const thailand: Region = {
  code: "TH",
  name: "Thailand",
  currency: "THB",
  utcOffsetMinutes: 7 * 60,
  orderNoPrefix: "TH",
  area: 11,
  sendArea: false,
  // Stored in satang (like every currency, 2 digits) but the pay-in samples (amount 300 -> payAmount 299.98)
  // show whole baht on the wire, so only whole baht may be entered and 150000n is sent as 1500.
  amount: wholeMajorOnWire({ minorDigits: 2, unitName: "whole baht" }),
  payout: {
    methods: THAI_BANKS.map(([code, name, lengths]) => bankMethod(code, name, lengths)),
    // Placeholder limits (THB 100 - 2,000,000), to confirm with Smilepayz for the merchant's contract.
    minAmount: 100_00n,
    maxAmount: 2_000_000_00n,
    receiverName: false,
    taxNumber: false,
    networks: null,
    additionalParam: false,
  },
  payin: {
    // Limits from the seed: QRPAY 1-50,000 THB, BANK 1-200,000 THB.
    methods: [
      { code: "QRPAY", label: "Thai QR (PromptPay)", minAmount: 1_00n, maxAmount: 50_000_00n },
      { code: "BANK", label: "Bank transfer", minAmount: 1_00n, maxAmount: 200_000_00n },
    ],
    payer: true,
    expiryPeriod: { defaultSeconds: 3600, maxSeconds: 86_400 },
  },
};
