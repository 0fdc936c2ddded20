import type { OrderOutcome } from "./outcome";
import type { PAYIN_TRANSITIONS, PAYOUT_STATUSES, OrderType } from "@/lib/order-status/transitions";

export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];
export type PayinStatus = keyof typeof PAYIN_TRANSITIONS;

type Person = { id: number; name: string } | null;

/**
 * What the browser and the JSON API get for an order of either kind (components import these with `import type`).
 * Money is a decimal string of minor units plus the ordinary-units display; account numbers and tax ids are masked
 * for roles without `orders.unmasked`.
 */
interface OrderViewBase {
  id: number;
  credentialId: number;
  merchantName: string;
  region: "TH" | "PH" | "BR" | "USDT";
  currency: string;
  orderNo: string;
  tradeNo: string | null;
  /** Minor units, as a decimal string ("150000" = THB 1,500.00). */
  amountMinor: string;
  /** "1,500.00 THB" */
  amountDisplay: string;
  /** The exact `money.amount` that goes (or went) on the wire, e.g. "1500". */
  wireAmount: string;
  method: string;
  purpose: string;
  gatewayStatus: string | null;
  gatewayCode: string | null;
  gatewayMessage: string | null;
  createdBy: Person;
  /** Set when a person must look: a conflicting callback, or still open after the last inquiry. */
  flagReason: string | null;
  createdAt: string;
  sentAt: string | null;
  finalAt: string | null;
}

export interface PayoutView extends OrderViewBase {
  environment: "sandbox" | "production" | "custom";
  /** The credential reaches the sandbox gateway this deployment runs (the badge says "Sandbox (bundled)"). */
  bundledSandbox: boolean;
  account: string;
  receiverName: string | null;
  taxNumber: string | null;
  network: string | null;
  status: PayoutStatus;
  approvalRequired: boolean;
  /** The hash an approver must send back with the approval (what they saw). */
  contentHash: string;
  /** The run (CSV file) this pay-out is a row of: it is approved only with its run. Null for a single pay-out. */
  runId: number | null;
  /** The saved beneficiary it was paid to by picking it (its details as they were then are the pay-out's own). */
  beneficiaryId: number | null;
  approvedBy: Person;
  rejectedBy: Person;
  rejectReason: string | null;
  approvedAt: string | null;
  /** For the signed-in user: may they approve or reject it now (never their own). */
  canApprove: boolean;
  /** May they cancel it now: still waiting for approval, and theirs, or any for an admin. */
  canCancel: boolean;
}

export interface PayinView extends OrderViewBase {
  /** What the payer pays (the gateway's payAmount), once known. */
  payAmountMinor: string | null;
  payAmountDisplay: string | null;
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
  /** The payer's link works (issued and not revoked). The link itself is shown only when it is issued. */
  payerLinkActive: boolean;
  payerLinkRevokedAt: string | null;
  flaggedAt: string | null;
}

/**
 * Why an order ended where it did (FAILED, EXPIRED, NOT_ACCEPTED, CANCELLED, REJECTED), from the event that moved
 * it there (lib/orders/outcome.ts): plain words, the reason in the decider's own words, and the raw values beneath
 * (the callback's or inquiry's own status and remark, never the acceptance's "00 Successful"). Never a note.
 */
export type OrderOutcomeView = OrderOutcome;

/** A person's internal note on an order: its own kind of timeline entry, never a status event or an outcome. */
export interface OrderNoteView {
  id: number;
  at: string;
  author: string | null;
  note: string;
}

/** Each kind's view, by kind. */
export interface OrderViews {
  payout: PayoutView;
  payin: PayinView;
}
export type OrderView<K extends OrderType = OrderType> = OrderViews[K];

export interface OrderPage<K extends OrderType = OrderType> {
  items: OrderViews[K][];
  /** Opaque keyset cursor for the next page; null at the end. */
  nextCursor: string | null;
}
export type PayoutPage = OrderPage<"payout">;
export type PayinPage = OrderPage<"payin">;
