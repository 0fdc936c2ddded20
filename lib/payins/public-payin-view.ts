/**
 * What the payer's public page (and its status stream) may know: the orderNo as the one id, the payer-facing
 * description, never the purpose (staff's own words), the creator, the merchant, the tradeNo or a row id.
 */
export interface PublicPayinView {
  /** The shop's payer-facing name (the credential's payer display name, else its name); never the merchant id. */
  merchantName: string;
  orderNo: string;
  description: string | null;
  currency: string;
  method: string;
  amountDisplay: string;
  /** What to pay when it differs from the amount asked (the gateway's payAmount). */
  payAmountDisplay: string | null;
  /** The amount to pay as a banking app's amount field takes it ("299.96"): what the copy button copies. */
  payAmountPlain: string;
  qrString: string | null;
  paymentUrl: string | null;
  receiverBankName: string | null;
  /** BANK: the name the receiving account is held in, as the gateway gave it (null when it gave none). */
  receiverAccountName: string | null;
  vaNumber: string | null;
  expiresAt: string | null;
  /** WAITING (not final yet), SUCCESS, FAILED, EXPIRED or CANCELLED. */
  status: "WAITING" | "SUCCESS" | "FAILED" | "EXPIRED" | "CANCELLED";
  redirectUrl: string | null;
}
