/**
 * Why an order ended where it did, in plain finance words, for every page, export and result file alike. Read only
 * from the event that MOVED the order to its final status: the gateway's word (its answer, a callback, an
 * inquiry-status) or a person's decision that changed the status (reject, cancel). A note, or any entry that
 * changed no status, is never an outcome. Pure module: pages, the API and exports import it.
 */

/** Final statuses that need an explanation (SUCCESS speaks for itself). */
export const EXPLAINED_STATUSES = ["FAILED", "EXPIRED", "NOT_ACCEPTED", "CANCELLED", "REJECTED"] as const;
const EXPLAINED = new Set<string>(EXPLAINED_STATUSES);

export type OutcomeSource = "request" | "response" | "callback" | "inquiry" | "person" | "system";

/** The status change that made the order final, as stored (order_events). */
export interface FinalEvent {
  from: string | null;
  to: string;
  source: OutcomeSource;
  at: string;
  actor: string | null;
  gatewayCode: string | null;
  gatewayMessage: string | null;
  note: string | null;
  rawPayload: string | null;
}

export interface OrderOutcome {
  status: string;
  source: OutcomeSource;
  at: string;
  /** Plain words: what happened, what it means for the money, and what to do when no reason was given. */
  summary: string;
  /** The reason in the words of whoever decided (the gateway's remark, its refusal message, the person's reason); null when none was given. */
  reason: string | null;
  /** The raw values it was read from, e.g. `status "FAILED"`, `remark "Account closed"`. */
  raw: string[];
  /** Where the raw values came from: "callback", "inquiry-status", "the gateway's answer to the request", a person. */
  rawFrom: string;
}

export interface OutcomeOrder {
  type: "payout" | "payin";
  status: string;
  orderNo: string;
  tradeNo: string | null;
  rejectReason?: string | null;
  rejectedBy?: string | null;
}

/** The event that moved the order to `status`: the latest one whose from and to differ (a note or news never counts). */
export function finalEventOf<E extends Pick<FinalEvent, "from" | "to">>(status: string, events: readonly E[]): E | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e && e.to === status && e.from !== e.to) return e;
  }
  return null;
}

const CALLBACK_FIELDS = ["status", "remark", "reason", "errorMsg", "message", "code"] as const;
// An inquiry's code/message describe the inquiry call ("00 Successful"), not the payment: only its status and remark.
const INQUIRY_FIELDS = ["status", "remark"] as const;

/** The named string fields of a stored JSON payload (non-JSON or empty: nothing). */
function rawFields(raw: string | null, names: readonly string[]): Record<string, string> {
  if (!raw) return {};
  try {
    const body = JSON.parse(raw) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const n of names) {
      const v = body?.[n];
      if ((typeof v === "string" && v.trim() !== "") || typeof v === "number") out[n] = String(v).trim().slice(0, 300);
    }
    return out;
  } catch {
    return {};
  }
}

const quoted = (f: Record<string, string>) => Object.entries(f).map(([k, v]) => `${k} "${v}"`);
const stop = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/** "tradeNo T…" when the gateway gave one, else "orderNo …": what Smilepayz support needs to find it. */
export function quoteRef(o: Pick<OutcomeOrder, "orderNo" | "tradeNo">): string {
  return o.tradeNo ? `tradeNo ${o.tradeNo}` : `orderNo ${o.orderNo}`;
}

function gatewayWords(o: OutcomeOrder): { what: string; money: string } {
  const payin = o.type === "payin";
  const money = payin ? "No money was received." : "No money went to the beneficiary.";
  const noun = payin ? "pay-in" : "payment";
  switch (o.status) {
    case "EXPIRED":
      return { what: payin ? `the ${noun} expired before the payer paid` : `the ${noun} expired before it was paid`, money };
    case "CANCELLED":
      return { what: `the ${noun} was cancelled`, money };
    default:
      return { what: `the ${noun} failed`, money };
  }
}

/** Why the order ended badly, or null (not final, SUCCESS, or no event moved it there). */
export function explainOrderOutcome(o: OutcomeOrder, e: FinalEvent | null): OrderOutcome | null {
  if (!EXPLAINED.has(o.status) || !e) return null;
  const base = { status: o.status, source: e.source, at: e.at };
  const who = e.actor ?? "someone";

  if (o.status === "NOT_ACCEPTED") {
    if (e.source === "response") {
      const msg = e.gatewayMessage?.trim() || null;
      return {
        ...base,
        reason: msg,
        summary: msg
          ? `Smilepayz refused the request: ${stop(msg)} Nothing was created there and no money moved.`
          : `Smilepayz refused the request and gave no reason (code ${e.gatewayCode ?? "none"}). Nothing was created there and no money moved.`,
        raw: [`code "${e.gatewayCode ?? "?"}"`, ...(msg ? [`message "${msg}"`] : [])],
        rawFrom: "the gateway's answer to the request",
      };
    }
    if (e.source === "inquiry") {
      return { ...base, reason: null, summary: "Smilepayz has no record of this request: it never arrived, so no money moved.", raw: e.note ? [e.note] : [], rawFrom: "inquiry-status" };
    }
    const why = e.note?.replace(/^not sent: /, "") ?? "the request could not be sent";
    return { ...base, reason: why, summary: `The request never reached Smilepayz, so no money moved: ${stop(why)}`, raw: e.note ? [e.note] : [], rawFrom: "the app" };
  }

  if (e.source === "callback" || e.source === "inquiry" || e.source === "response") {
    const f = rawFields(e.rawPayload, e.source === "callback" ? CALLBACK_FIELDS : INQUIRY_FIELDS);
    const reason = f.remark ?? f.reason ?? f.errorMsg ?? (e.source === "callback" ? f.message : undefined) ?? null;
    const { what, money } = gatewayWords(o);
    const said = e.source === "callback" ? `Smilepayz said in its callback that ${what}` : `Smilepayz confirmed ${what}`;
    const summary = reason
      ? `${said}: ${stop(reason)} ${money}`
      : `${said} and gave no reason. ${money} Ask Smilepayz support for the reason, quoting ${quoteRef(o)}.`;
    const raw = quoted(e.source === "callback" ? f : { status: f.status ?? o.status, ...(f.remark ? { remark: f.remark } : {}) });
    return { ...base, reason, summary, raw, rawFrom: e.source === "callback" ? "callback" : "inquiry-status" };
  }

  if (o.status === "REJECTED") {
    const name = o.rejectedBy ?? who;
    const why = o.rejectReason ?? e.note?.replace(/^run \d+ rejected: /, "") ?? null;
    return { ...base, reason: why, summary: `${name} rejected it before it was sent: ${why ?? "no reason given"}. Nothing was sent.`, raw: e.note ? [e.note] : [], rawFrom: name };
  }
  // CANCELLED by a person (before approval) or by the app (content changed after approval): never sent.
  const by = e.source === "person" ? who : "the app";
  const why = e.note?.replace(/^cancelled by the \w+ before approval: /, "").replace(/^run \d+ cancelled before this row was sent: /, "") ?? null;
  return { ...base, reason: why, summary: `Cancelled by ${by} before it was sent; no money moved.`, raw: e.note ? [e.note] : [], rawFrom: by };
}
