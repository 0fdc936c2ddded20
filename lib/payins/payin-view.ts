import type { OrderNoteView, PayoutCallbackView, PayoutEventView, PayoutOutcomeView } from "@/lib/payouts/payout-view";
import type { PAYIN_STATUSES } from "./schemas";

export type PayinStatus = (typeof PAYIN_STATUSES)[number];

/**
 * What the browser and the JSON API get for a pay-in (components import these with `import type`). Money as for
 * pay-outs: a decimal string of minor units plus the display; the payer's account masked without `orders.unmasked`.
 */
export interface PayinView {
  id: number;
  credentialId: number;
  merchantName: string;
  region: "TH" | "PH" | "BR" | "USDT";
  currency: string;
  orderNo: string;
  tradeNo: string | null;
  amountMinor: string;
  amountDisplay: string;
  /** The exact `money.amount` that goes (or went) on the wire, e.g. "300". */
  wireAmount: string;
  /** What the payer pays (the gateway's payAmount), once known. */
  payAmountMinor: string | null;
  payAmountDisplay: string | null;
  method: string;
  purpose: string;
  /** What the payer's page shows as what the payment is for (null: nothing shown). */
  payerDescription: string | null;
  payerName: string | null;
  payerBank: string | null;
  payerAccount: string | null;
  expirySeconds: number;
  expiresAt: string | null;
  redirectUrl: string | null;
  paymentUrl: string | null;
  hasQr: boolean;
  receiverBankName: string | null;
  vaNumber: string | null;
  status: PayinStatus;
  gatewayStatus: string | null;
  gatewayCode: string | null;
  gatewayMessage: string | null;
  /** The payer's link works (issued and not revoked). The link itself is shown only when it is issued. */
  payerLinkActive: boolean;
  payerLinkRevokedAt: string | null;
  createdBy: { id: number; name: string } | null;
  /** Set when a person must look: a conflicting callback, or still open after the last inquiry. */
  flaggedAt: string | null;
  flagReason: string | null;
  createdAt: string;
  sentAt: string | null;
  finalAt: string | null;
}

export interface PayinDetailView {
  payin: PayinView;
  /** Why it ended FAILED / EXPIRED / NOT_ACCEPTED / CANCELLED, in words (lib/orders/outcome.ts); null otherwise. */
  outcome: PayoutOutcomeView | null;
  events: PayoutEventView[];
  notes: OrderNoteView[];
  callbacks: PayoutCallbackView[];
}

export interface PayinPage {
  items: PayinView[];
  nextCursor: string | null;
}

/**
 * What the payer's public page (and its status stream) may know: the orderNo as the one id, the payer-facing
 * description, never the purpose (staff's own words), the creator, the merchant, the tradeNo or a row id.
 */
export interface PublicPayinView {
  orderNo: string;
  description: string | null;
  currency: string;
  method: string;
  amountDisplay: string;
  /** What to pay when it differs from the amount asked (the gateway's payAmount). */
  payAmountDisplay: string | null;
  qrString: string | null;
  paymentUrl: string | null;
  receiverBankName: string | null;
  vaNumber: string | null;
  expiresAt: string | null;
  /** WAITING (not final yet), SUCCESS, FAILED, EXPIRED or CANCELLED. */
  status: "WAITING" | "SUCCESS" | "FAILED" | "EXPIRED" | "CANCELLED";
  redirectUrl: string | null;
}
