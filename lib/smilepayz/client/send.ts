import "server-only";
import type { KeyObject } from "node:crypto";
import type { z } from "zod";
import { parsePrivateKey, KeyFormatError } from "../keys";
import type { Region } from "../regions/types";
import { signRequestAsync } from "../signature";
import { formatTimestamp } from "../timestamp";
import { baseResponse } from "../wire";
import type { CallOutcome, CallRecord, UnknownReason } from "./outcome";

export interface ClientConfig {
  baseUrl: string;
  merchantId: string;
  merchantSecret: string;
  /** PEM or Base64 DER PKCS#8, or an already parsed key. */
  privateKey: string | KeyObject;
  timeoutMs: number;
  fetch?: typeof fetch;
  /**
   * A POST transport used instead of `fetch` (the app's: kept-alive node:http, keep-alive-post.ts): it must report
   * a connection refused before any byte left as notSent, and anything after as unknown.
   */
  transport?: (url: string, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<Posted>;
  now?: () => Date;
}

/**
 * One signed call. The body is serialised once; those exact bytes are signed and sent. Every failure mode is
 * classified (see outcome.ts); nothing is thrown at the caller.
 */
export async function send<S extends z.ZodType>(
  cfg: ClientConfig,
  region: Region,
  path: string,
  payload: unknown,
  responseSchema: S,
): Promise<CallOutcome<z.output<S>>> {
  const started = Date.now();
  const requestBody = JSON.stringify(payload);
  const requestTimestamp = formatTimestamp((cfg.now ?? (() => new Date()))(), region.utcOffsetMinutes);
  const url = `${cfg.baseUrl.replace(/\/+$/, "")}${path}`;
  const rec = (httpStatus: number | null, responseText: string | null): CallRecord => ({
    path,
    url,
    requestTimestamp,
    requestBody,
    httpStatus,
    responseText,
    durationMs: Date.now() - started,
  });

  const signature = await sign(cfg, url, requestTimestamp, requestBody);
  if (typeof signature !== "string") return { outcome: "not_sent", reason: signature.notSent, ...rec(null, null) };
  const answer = await post(cfg, url, { "X-TIMESTAMP": requestTimestamp, "X-PARTNER-ID": cfg.merchantId, "X-SIGNATURE": signature }, requestBody);
  if ("notSent" in answer) return { outcome: "not_sent", reason: answer.notSent, ...rec(null, null) };
  if ("unknown" in answer) return { outcome: "unknown", reason: answer.unknown, detail: answer.detail, ...rec(null, null) };
  return { ...classify(answer.status, answer.text, responseSchema), ...rec(answer.status, answer.text) };
}

/** The request's signature (made on the thread pool), or why it cannot be made (nothing leaves this machine). */
async function sign(cfg: ClientConfig, url: string, timestamp: string, body: string): Promise<string | { notSent: string }> {
  if (!URL.canParse(url)) return { notSent: "invalid gateway base URL" };
  try {
    const key = typeof cfg.privateKey === "string" ? parsePrivateKey(cfg.privateKey) : cfg.privateKey;
    return await signRequestAsync({ timestamp, merchantSecret: cfg.merchantSecret, body, privateKey: key });
  } catch (e) {
    return { notSent: `merchant private key unusable: ${e instanceof KeyFormatError ? e.message : "it cannot sign"}` };
  }
}

/** How one HTTP exchange ended: the answer's status and text, refused before any byte left, or no answer. */
export type Posted = { status: number; text: string } | { notSent: string } | { unknown: "timeout" | "network"; detail: string };

/** The HTTP exchange, within the timeout: the answer's status and text, or how it failed. */
async function post(cfg: ClientConfig, url: string, headers: Record<string, string>, body: string): Promise<Posted> {
  if (cfg.transport) return cfg.transport(url, { "Content-Type": "application/json", ...headers }, body, cfg.timeoutMs);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), cfg.timeoutMs);
  try {
    const res = await (cfg.fetch ?? fetch)(url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body, signal: ctrl.signal });
    return { status: res.status, text: await res.text() };
  } catch (e) {
    const timedOut = ctrl.signal.aborted;
    const detail = timedOut ? `no answer within ${cfg.timeoutMs} ms` : describeNetworkError(e);
    // Refused before a connection existed: the request never reached the gateway.
    if (!timedOut && isConnectRefused(e)) return { notSent: `gateway unreachable: ${detail}` };
    return { unknown: timedOut ? "timeout" : "network", detail };
  } finally {
    clearTimeout(timer);
  }
}

type Classified<T> = { outcome: "accepted"; body: T } | { outcome: "rejected"; code: string; message: string } | { outcome: "unknown"; reason: UnknownReason; detail: string };

/** What an answer that arrived says: accepted (code 00, expected shape), rejected (another code), or unknown. */
function classify<S extends z.ZodType>(status: number, text: string, responseSchema: S): Classified<z.output<S>> {
  if (status >= 500) return { outcome: "unknown", reason: "http_5xx", detail: `HTTP ${status}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { outcome: "unknown", reason: "bad_body", detail: `HTTP ${status}, body is not JSON` };
  }
  const base = baseResponse.safeParse(json);
  if (!base.success) {
    const reason = status >= 200 && status < 300 ? "bad_body" : "http_status";
    return { outcome: "unknown", reason, detail: `HTTP ${status}, no code in the answer` };
  }
  if (base.data.code !== "00") return { outcome: "rejected", code: base.data.code, message: base.data.message };
  const full = responseSchema.safeParse(json);
  if (!full.success) return { outcome: "unknown", reason: "bad_body", detail: "code 00 but the answer has an unexpected shape" };
  return { outcome: "accepted", body: full.data };
}

function describeNetworkError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : "network error");
}

function isConnectRefused(e: unknown): boolean {
  const code = (e as { cause?: { code?: string } } | null)?.cause?.code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
}
