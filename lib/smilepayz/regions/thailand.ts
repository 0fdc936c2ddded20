import { normalizeThaiAccount, validateThaiAccount } from "../beneficiary/thai-account";
import { wholeMajorOnWire } from "./amount-encoders";
import { methodAndDigitsKey } from "./beneficiary-key";
import type { PayoutMethod, Region } from "./types";

/*
 * Sources, marked on each value below:
 *   [docs]  the published Smilepayz v2.0 documentation (summarised in /work/shared/smilepayz/API.md);
 *   [demo]  Smilepayz's official demo code (github.com/smilepayz/smilepayz-demo-node.js and its siblings);
 *   ASSUMPTION: confirm with Smilepayz — in neither; a working guess the app must not present as documented.
 */

/**
 * Receiving banks as [wire code, name, account-number lengths]. [docs]: KBANK, BBL and SCB as bank codes.
 * ASSUMPTION: confirm with Smilepayz — every other code (KTB … SCBT) and all account-number lengths (10 digits
 * for most banks, 12 for the state banks GSB, BAAC and GHB, 11 for SCBT) are Thai banking practice, not theirs.
 */
const THAI_BANKS: ReadonlyArray<readonly [code: string, name: string, lengths: readonly number[]]> = [
  ["KBANK", "Kasikornbank", [10]], // [docs] code; length ASSUMPTION
  ["BBL", "Bangkok Bank", [10]], // [docs] code; length ASSUMPTION
  ["SCB", "Siam Commercial Bank", [10]], // [docs] code; length ASSUMPTION
  // ASSUMPTION: confirm with Smilepayz — from here on, codes and lengths.
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
    name,
    label: `${name} (${code})`,
    kind: "bank",
    accountLabel: "Bank account number",
    accountPlaceholder: lengths[0] === 12 ? "0201 2345 6789" : "123-4-56789-0",
    normalizeAccount: normalizeThaiAccount,
    validateAccount: (normalized) => validateThaiAccount(normalized, lengths, name),
  };
}

const THAI_PAYOUT_METHODS = THAI_BANKS.map(([code, name, lengths]) => bankMethod(code, name, lengths));

export const thailand: Region = {
  code: "TH",
  name: "Thailand",
  currency: "THB", // [docs] [demo]
  utcOffsetMinutes: 7 * 60, // [docs] +07:00 in the examples (only the instant is checked)
  // ASSUMPTION: confirm with Smilepayz (not in the published docs) — PromptPay / bank transfers settle in seconds.
  processingWindowS: 180,
  localTime: { zone: "Asia/Bangkok", city: "Bangkok" }, // ours: the zone of the offset above
  orderNoPrefix: "TH", // ours: any letters and digits are a valid orderNo [docs]
  area: 11, // [demo] THAILAND_CODE = 11; current doc pages omit `area`
  sendArea: false,
  // Stored in satang (like every currency, 2 digits). Whole baht on the wire is read from the [docs] pay-in
  // samples (amount 300 -> payAmount 299.98); the docs never state it: ASSUMPTION: confirm with Smilepayz.
  amount: wholeMajorOnWire({ minorDigits: 2, unitName: "whole baht", wireUnit: "baht" }),
  money: { format: "amount code" }, // ours: the app's one style, "1,500.00 THB",
  payout: {
    methods: THAI_PAYOUT_METHODS,
    // ASSUMPTION: confirm with Smilepayz — pay-out limits THB 100 - 2,000,000 are placeholders (contract-specific).
    minAmount: 100_00n,
    maxAmount: 2_000_000_00n,
    receiverName: false,
    taxNumber: false,
    networks: null,
    additionalParam: false,
    beneficiaryKey: methodAndDigitsKey(THAI_PAYOUT_METHODS), // "KBANK:1234567890"
  },
  payin: {
    // Method codes QRPAY and BANK: [docs]. ASSUMPTION: confirm with Smilepayz — the limits QRPAY 1-50,000 THB
    // and BANK 1-200,000 THB come from the project's seed notes, not from the published docs.
    methods: [
      { code: "QRPAY", name: "Thai QR (PromptPay)", label: "Thai QR (PromptPay)", minAmount: 1_00n, maxAmount: 50_000_00n },
      { code: "BANK", name: "Bank transfer", label: "Bank transfer", minAmount: 1_00n, maxAmount: 200_000_00n },
    ],
    payer: true, // [docs] [demo] payer{name, accountNo, bankName}
    // `expiryPeriod` in seconds: [docs]. ASSUMPTION: confirm with Smilepayz — default 3600 and maximum 86,400.
    expiryPeriod: { defaultSeconds: 3600, maxSeconds: 86_400 },
  },
};
