/**
 * What one call to the gateway came to. Callers store `requestBody` (the exact bytes signed and sent) and
 * `responseText` in the order's history whatever the outcome.
 * - accepted: code "00"; the order exists at the gateway.
 * - rejected: the gateway answered with another code; nothing was created.
 * - unknown: no trustworthy answer (timeout, connection dropped, 5xx, unreadable body, a 4xx without a code):
 *   the payment MAY exist. Resolve with inquiry-status by orderNo; never resend with a new orderNo.
 * - not_sent: failed before anything left this machine (bad key, bad URL); safe to fix and retry.
 */
export interface CallRecord {
  path: string;
  url: string;
  requestTimestamp: string;
  requestBody: string;
  httpStatus: number | null;
  responseText: string | null;
  durationMs: number;
}

export type CallOutcome<T> =
  | ({ outcome: "accepted"; body: T } & CallRecord)
  | ({ outcome: "rejected"; code: string; message: string } & CallRecord)
  | ({ outcome: "unknown"; reason: UnknownReason; detail: string } & CallRecord)
  | ({ outcome: "not_sent"; reason: string } & CallRecord);

export type UnknownReason = "timeout" | "network" | "http_5xx" | "http_status" | "bad_body";
