import type { OrderType } from "@/lib/order-status/transitions";
import { statusWord } from "./statuses";

/**
 * An order's timeline in words ("Smilepayz confirmed the payment"): one sentence per status event, said by who
 * moved it. The technical record (signed request, raw callback, inquiry answer) sits collapsed under it. Pure.
 */
export interface EventFacts {
  from: string | null;
  to: string;
  /** request | response | callback | inquiry | person | system */
  source: string;
  actor: string | null;
}

/** Who a source is, as people say it. */
export const SOURCE_WORDS: Record<string, string> = {
  request: "The app's request to Smilepayz",
  response: "Smilepayz's answer to the request",
  callback: "A callback from Smilepayz",
  inquiry: "The app asked Smilepayz (inquiry)",
  person: "A person",
  system: "The app",
};

export function sourceWord(source: string): string {
  return SOURCE_WORDS[source] ?? source;
}

const PAID: Record<OrderType, string> = { payout: "the payment", payin: "the payer's payment" };

function fromGateway(kind: OrderType, to: string, confirmed: boolean): string {
  const said = confirmed ? "Smilepayz confirmed" : "Smilepayz says";
  switch (to) {
    case "SUCCESS":
      return `${said} ${PAID[kind]}`;
    case "FAILED":
      return `${said} ${PAID[kind]} failed`;
    case "EXPIRED":
      return `${said} the order expired`;
    case "CANCELLED":
      return `${said} the order was cancelled`;
    case "PROCESSING":
      return kind === "payout" ? "Smilepayz accepted the pay-out and is paying the beneficiary" : "The payer has started paying";
    case "INIT":
      return "Smilepayz accepted the pay-in; the payment page is ready for the payer";
    case "NOT_ACCEPTED":
      return confirmed ? "Smilepayz has no record of the order: it never arrived" : "Smilepayz refused the request";
    case "UNKNOWN":
      return "No clear answer from Smilepayz; the app will ask";
    default:
      return `Smilepayz: ${statusWord(kind, to)}`;
  }
}

/** One status event as a sentence, without a final full stop. */
export function eventSentence(kind: OrderType, e: EventFacts): string {
  const who = e.actor ?? "Someone";
  const noun = kind === "payout" ? "the pay-out" : "the pay-in";
  if (e.from === null) {
    if (e.to === "PENDING_APPROVAL") return `${who} created ${noun}; it waits for a second person's approval`;
    if (e.to === "APPROVED") return `${who} created ${noun}; no approval needed, it is queued to be sent`;
    return `${who} created ${noun}`;
  }
  if (e.source === "callback" && e.from === e.to) return "Smilepayz sent a callback; the app is asking Smilepayz to confirm it";
  if (e.to === "SENDING") return "The app sent the signed request to Smilepayz";
  switch (e.source) {
    case "person":
      if (e.to === "APPROVED") return `${who} approved ${noun}`;
      if (e.to === "REJECTED") return `${who} rejected ${noun}`;
      if (e.to === "CANCELLED") return `${who} cancelled ${noun}`;
      return `${who} set ${noun} to “${statusWord(kind, e.to)}”`;
    case "response":
      return fromGateway(kind, e.to, false);
    case "callback":
      return `${fromGateway(kind, e.to, false)} (callback)`;
    case "inquiry":
      return fromGateway(kind, e.to, true);
    default:
      if (e.to === "APPROVED") return `Approved with its run; queued to be sent`;
      if (e.to === "NOT_ACCEPTED") return "The app found that Smilepayz never received the request";
      if (e.to === "CANCELLED") return `The app cancelled ${noun} before it was sent`;
      return `The app moved ${noun} to “${statusWord(kind, e.to)}”`;
  }
}

/** A callback that changed nothing (a duplicate, one out of order, one refused), in words. */
export function callbackSentence(outcome: string, signatureValid: boolean): string {
  if (!signatureValid) return "A callback arrived with a signature that did not verify; it was refused";
  switch (outcome) {
    case "duplicate":
      return "Smilepayz sent the same callback again; nothing changed";
    case "ignored":
      return "Smilepayz sent a callback out of order; nothing changed";
    case "conflict":
      return "Smilepayz sent a callback that disagrees with the order; it was flagged for a person";
    case "confirming":
      return "Smilepayz sent a callback; the app is asking Smilepayz to confirm it";
    case "applied":
      return "Smilepayz sent a callback; it was applied";
    default:
      return `A callback arrived and was refused (${outcome})`;
  }
}
