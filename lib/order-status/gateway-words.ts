import type { OrderType, StatusOf } from "./transitions";

/**
 * The gateway's status words (in answers, callbacks and inquiry-status) in the app's terms: the one list for both
 * kinds. Words not listed are not acted on (inquiry-status settles them). Pure.
 */
const GATEWAY_WORDS = {
  SUCCESS: "SUCCESS",
  FAILED: "FAILED",
  FAIL: "FAILED",
  EXPIRED: "EXPIRED",
  // CANCELLED appears on one Brazil page only.
  CANCELLED: "CANCELLED",
  PROCESSING: "PROCESSING",
  PENDING: "PROCESSING",
  INIT: "INIT",
} as const;

/** The app's status for a gateway word, or null. A pay-out has no INIT: accepted, not paid yet, is PROCESSING. */
export function statusFromGateway<T extends OrderType>(type: T, word: string | null | undefined): StatusOf<T> | null {
  const s = (GATEWAY_WORDS as Record<string, (typeof GATEWAY_WORDS)[keyof typeof GATEWAY_WORDS]>)[(word ?? "").toUpperCase()];
  if (s === undefined) return null;
  return (type === "payout" && s === "INIT" ? "PROCESSING" : s) as StatusOf<T>;
}
