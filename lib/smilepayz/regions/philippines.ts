import {
  normalizePhBankAccount,
  normalizePhMobile,
  validatePhBankAccount,
  validatePhMobile,
} from "../beneficiary/ph-account";
import { minorUnitsOnWire } from "./amount-encoders";
import type { PayoutMethod, Region } from "./types";

/**
 * Wire codes for banks and e-wallets. The seed names BPI and GCASH only; the rest follow common PH gateway
 * short names and must be confirmed against Smilepayz's list (Maya in particular: MAYA vs PAYMAYA).
 */
const PH_BANKS: ReadonlyArray<readonly [code: string, name: string]> = [
  ["BPI", "Bank of the Philippine Islands"],
  ["BDO", "BDO Unibank"],
  ["MBTC", "Metrobank"],
  ["LANDBANK", "Land Bank of the Philippines"],
  ["PNB", "Philippine National Bank"],
  ["UBP", "UnionBank of the Philippines"],
  ["RCBC", "Rizal Commercial Banking Corporation"],
  ["SECB", "Security Bank"],
  ["CHIB", "China Banking Corporation"],
  ["EWB", "EastWest Bank"],
  ["AUB", "Asia United Bank"],
  ["PSB", "Philippine Savings Bank"],
  ["DBP", "Development Bank of the Philippines"],
  ["PBCOM", "Philippine Bank of Communications"],
  ["MAYBANK", "Maybank Philippines"],
  ["CIMBPH", "CIMB Bank Philippines"],
  ["GOTYME", "GoTyme Bank"],
];

const PH_WALLETS: ReadonlyArray<readonly [code: string, name: string]> = [
  ["GCASH", "GCash"],
  ["MAYA", "Maya (PayMaya)"],
  ["GRABPAY", "GrabPay"],
  ["SHOPEEPAY", "ShopeePay"],
  ["COINSPH", "Coins.ph"],
];

const bank = ([code, name]: readonly [string, string]): PayoutMethod => ({
  code,
  label: `${name} (${code})`,
  kind: "bank",
  accountLabel: "Bank account number",
  accountPlaceholder: "0123 4567 8901",
  normalizeAccount: normalizePhBankAccount,
  validateAccount: validatePhBankAccount,
});

const wallet = ([code, name]: readonly [string, string]): PayoutMethod => ({
  code,
  label: name,
  kind: "ewallet",
  accountLabel: `${name} mobile number`,
  accountPlaceholder: "0917 123 4567",
  normalizeAccount: normalizePhMobile,
  validateAccount: validatePhMobile,
});

export const philippines: Region = {
  code: "PH",
  name: "Philippines",
  currency: "PHP",
  utcOffsetMinutes: 8 * 60,
  orderNoPrefix: "PH",
  area: 18,
  sendArea: false,
  // The seed is explicit: integer centavos on the wire (10050 = PHP 100.50), the same as we store.
  amount: minorUnitsOnWire({ minorDigits: 2, unitName: "centavos" }),
  payout: {
    methods: [...PH_BANKS.map(bank), ...PH_WALLETS.map(wallet)],
    // Placeholder limits (PHP 100 - 500,000), to confirm with Smilepayz; InstaPay itself caps at 50,000 per transfer.
    minAmount: 100_00n,
    maxAmount: 500_000_00n,
    receiverName: true,
    taxNumber: false,
    networks: null,
    additionalParam: false,
  },
  // GCASH/MAYA pay-in exists per API.md but is not in the seeds: not offered until its fields are confirmed.
  payin: null,
};
