/**
 * What GET /api/payouts/balance?credentialId=&region= returns: the pay-out account's balance from
 * inquiry-balance, in minor units as decimal strings (null when the gateway did not say).
 */
export interface PayoutBalanceView {
  credentialId: number;
  region: "TH" | "PH" | "BR" | "USDT";
  currency: string;
  accountNo: string | null;
  balanceMinor: string | null;
  availableMinor: string | null;
  /** "1,500.00 THB" (the available balance is the balance when the gateway gives none) */
  balanceDisplay: string | null;
  availableDisplay: string | null;
  /** When the gateway was asked (the answer may come from the one balance cache, lib/balances). */
  checkedAt: string;
}
