import { PAYIN_TRANSITIONS, PAYOUT_STATUSES, type OrderType } from "@/lib/order-status/transitions";

/**
 * Order statuses as a finance person says them. The wire code stays in the data (`data-status`, the API's
 * `status`, the CSV's `status` column) and under the word as a tooltip; lists, filters, badges, timelines and
 * exports' `status_words` column all read this table. Pure.
 */
export type Tone = "waiting" | "moving" | "unclear" | "good" | "bad" | "stopped";

export interface StatusWord {
  /** The badge's word(s). */
  word: string;
  /** One sentence: what it means and what happens next. */
  means: string;
  tone: Tone;
}

export const PAYOUT_STATUS_WORDS = {
  PENDING_APPROVAL: { word: "Waiting for approval", means: "A second person must approve it before it is sent.", tone: "waiting" },
  APPROVED: { word: "Approved", means: "Approved (or below the threshold) and queued to be sent.", tone: "moving" },
  REJECTED: { word: "Rejected", means: "An approver refused it; it was never sent.", tone: "stopped" },
  SENDING: { word: "Sending", means: "The signed request is on its way to Smilepayz.", tone: "moving" },
  UNKNOWN: { word: "Unclear, being checked", means: "No clear answer from Smilepayz; the app asks again. Do not pay it again.", tone: "unclear" },
  NOT_ACCEPTED: { word: "Refused by Smilepayz", means: "Smilepayz refused the request or never received it; no money moved.", tone: "bad" },
  PROCESSING: { word: "With the bank", means: "Smilepayz accepted it and is paying the beneficiary.", tone: "moving" },
  SUCCESS: { word: "Paid", means: "Smilepayz confirmed the beneficiary was paid.", tone: "good" },
  FAILED: { word: "Failed", means: "Smilepayz confirmed it failed; no money went to the beneficiary.", tone: "bad" },
  EXPIRED: { word: "Expired", means: "It expired at Smilepayz before it was paid; no money moved.", tone: "stopped" },
  CANCELLED: { word: "Cancelled", means: "Cancelled before it was paid; no money moved.", tone: "stopped" },
} as const satisfies Record<(typeof PAYOUT_STATUSES)[number], StatusWord>;

export const PAYIN_STATUS_WORDS = {
  CREATING: { word: "Being created", means: "The request to Smilepayz is being made.", tone: "moving" },
  UNKNOWN: { word: "Unclear, being checked", means: "No clear answer from Smilepayz; the app asks again.", tone: "unclear" },
  INIT: { word: "Waiting for the payer", means: "Smilepayz made the payment page; the payer has not paid yet.", tone: "waiting" },
  PROCESSING: { word: "Payment in progress", means: "The payer has started paying; waiting for the bank.", tone: "moving" },
  NOT_ACCEPTED: { word: "Refused by Smilepayz", means: "Smilepayz refused the request; the payer got no payment page.", tone: "bad" },
  SUCCESS: { word: "Received", means: "Smilepayz confirmed the payer paid.", tone: "good" },
  FAILED: { word: "Failed", means: "Smilepayz confirmed the payment failed; nothing was received.", tone: "bad" },
  EXPIRED: { word: "Expired", means: "The payer did not pay in time; nothing was received.", tone: "stopped" },
  CANCELLED: { word: "Cancelled", means: "Cancelled before the payer paid; nothing was received.", tone: "stopped" },
} as const satisfies Record<keyof typeof PAYIN_TRANSITIONS, StatusWord>;

const TABLES: Record<OrderType, Record<string, StatusWord>> = { payout: PAYOUT_STATUS_WORDS, payin: PAYIN_STATUS_WORDS };

/** The word for a status; an unknown code is shown as itself (never hidden), so a new status is noticed. */
export function statusWord(kind: OrderType, status: string): string {
  return TABLES[kind][status]?.word ?? status;
}

export function statusMeaning(kind: OrderType, status: string): string | null {
  return TABLES[kind][status]?.means ?? null;
}

export function statusTone(kind: OrderType, status: string): Tone | null {
  return TABLES[kind][status]?.tone ?? null;
}

/** Every status of a kind with its word, in the kind's order: filters' options. */
export function statusOptions(kind: OrderType): { code: string; word: string }[] {
  return Object.entries(TABLES[kind]).map(([code, w]) => ({ code, word: w.word }));
}
