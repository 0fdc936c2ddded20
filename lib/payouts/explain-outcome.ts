import type { PayoutEventView, PayoutOutcomeView, PayoutView } from "./payout-view";

/** Final statuses that need an explanation (SUCCESS speaks for itself). */
const EXPLAINED = new Set(["FAILED", "EXPIRED", "NOT_ACCEPTED", "CANCELLED", "REJECTED"]);

const RAW_FIELDS = ["status", "remark", "code", "message", "reason", "errorMsg"] as const;

/** The named string fields of a stored JSON payload, as `name "value"` (non-JSON or empty: nothing). */
function rawFields(raw: string | null, names: readonly string[]): Record<string, string> {
  if (!raw) return {};
  try {
    const body = JSON.parse(raw) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const n of names) {
      const v = body[n];
      if ((typeof v === "string" && v.trim() !== "") || typeof v === "number") out[n] = String(v).slice(0, 300);
    }
    return out;
  } catch {
    return {};
  }
}

const quoted = (f: Record<string, string>) => Object.entries(f).map(([k, v]) => `${k} "${v}"`);

/**
 * Why a pay-out ended FAILED / EXPIRED / NOT_ACCEPTED / CANCELLED / REJECTED, read from the event that made it final
 * (the callback body, the inquiry's answer, the refusal, the person's note). The acceptance's "00 Successful" is
 * the answer to the request, not to the payment, so it is never offered as the reason.
 */
export function explainOutcome(p: Pick<PayoutView, "status" | "rejectReason" | "rejectedBy">, events: readonly PayoutEventView[]): PayoutOutcomeView | null {
  if (!EXPLAINED.has(p.status)) return null;
  const e = [...events].reverse().find((x) => x.to === p.status);
  if (!e) return null;
  const base = { status: p.status, source: e.source, at: e.at };
  const who = e.actor ?? "someone";

  if (e.source === "callback" || e.source === "inquiry") {
    // Only the payment's own fields: an inquiry's code/message describe the inquiry call, not the payment.
    const f = rawFields(e.rawPayload, e.source === "callback" ? RAW_FIELDS : ["status", "remark"]);
    const reason = f.remark ?? f.reason ?? f.errorMsg ?? (e.source === "callback" ? f.message : undefined);
    const how = e.source === "callback" ? "in its callback" : "when asked (inquiry-status)";
    const what =
      p.status === "EXPIRED"
        ? `The gateway reported ${how} that this pay-out expired before it was paid: no money went to the beneficiary.`
        : p.status === "CANCELLED"
          ? `The gateway reported ${how} that this pay-out was cancelled: no money went to the beneficiary.`
          : `The gateway reported ${how} that this pay-out failed: no money went to the beneficiary.`;
    const why = reason ? ` Reason given: ${reason}.` : " It gave no reason: ask Smilepayz with the tradeNo if you need one.";
    return { ...base, summary: what + why, raw: quoted(f).length ? quoted(f) : [`status "${p.status}"`], rawFrom: e.source === "callback" ? "callback" : "inquiry-status" };
  }
  if (p.status === "NOT_ACCEPTED") {
    if (e.source === "response") {
      const code = e.gatewayCode ?? "?";
      return {
        ...base,
        summary: `The gateway refused the request, so nothing was created there and no money moved: ${e.gatewayMessage ?? "no message"}.`,
        raw: [`code "${code}"`, ...(e.gatewayMessage ? [`message "${e.gatewayMessage}"`] : [])],
        rawFrom: "the gateway's answer to the request",
      };
    }
    const why = e.note?.replace(/^not sent: /, "") ?? "the request could not be sent";
    return { ...base, summary: `The request never reached the gateway, so no money moved: ${why}.`, raw: e.note ? [e.note] : [], rawFrom: "the app" };
  }
  if (p.status === "REJECTED") {
    const name = p.rejectedBy?.name ?? who;
    return { ...base, summary: `${name} rejected it before it was sent: ${p.rejectReason ?? e.note ?? "no reason given"}. Nothing was sent.`, raw: e.note ? [e.note] : [], rawFrom: name };
  }
  // CANCELLED by a person (before approval) or by the app (content changed after approval): never sent.
  const by = e.source === "person" ? who : "the app";
  return { ...base, summary: `Cancelled by ${by} before it was sent; no money moved.`, raw: e.note ? [e.note] : [], rawFrom: by };
}
