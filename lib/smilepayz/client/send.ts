import "server-only";
import type { KeyObject } from "node:crypto";
import type { z } from "zod";
import { parsePrivateKey, KeyFormatError } from "../keys";
import type { Region } from "../regions/types";
import { signRequest } from "../signature";
import { formatTimestamp } from "../timestamp";
import { baseResponse } from "../wire";
import type { CallOutcome, CallRecord } from "./outcome";

export interface ClientConfig {
  baseUrl: string;
  merchantId: string;
  merchantSecret: string;
  /** PEM or Base64 DER PKCS#8, or an already parsed key. */
  privateKey: string | KeyObject;
  timeoutMs: number;
  fetch?: typeof fetch;
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

  let signature: string;
  try {
    const key = typeof cfg.privateKey === "string" ? parsePrivateKey(cfg.privateKey) : cfg.privateKey;
    signature = signRequest({ timestamp: requestTimestamp, merchantSecret: cfg.merchantSecret, body: requestBody, privateKey: key });
    new URL(url);
  } catch (e) {
    const reason = e instanceof KeyFormatError ? `merchant private key unusable: ${e.message}` : "invalid gateway base URL";
    return { outcome: "not_sent", reason, ...rec(null, null) };
  }

  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), cfg.timeoutMs);
  let status: number;
  let text: string;
  try {
    const res = await (cfg.fetch ?? fetch)(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-TIMESTAMP": requestTimestamp,
        "X-PARTNER-ID": cfg.merchantId,
        "X-SIGNATURE": signature,
      },
      body: requestBody,
      signal: ctrl.signal,
    });
    status = res.status;
    text = await res.text();
  } catch (e) {
    const timedOut = ctrl.signal.aborted;
    const detail = timedOut ? `no answer within ${cfg.timeoutMs} ms` : describeNetworkError(e);
    if (!timedOut && isConnectRefused(e)) {
      // Refused before a connection existed: the request never reached the gateway.
      return { outcome: "not_sent", reason: `gateway unreachable: ${detail}`, ...rec(null, null) };
    }
    return { outcome: "unknown", reason: timedOut ? "timeout" : "network", detail, ...rec(null, null) };
  } finally {
    clearTimeout(timer);
  }

  if (status >= 500) return { outcome: "unknown", reason: "http_5xx", detail: `HTTP ${status}`, ...rec(status, text) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { outcome: "unknown", reason: "bad_body", detail: `HTTP ${status}, body is not JSON`, ...rec(status, text) };
  }
  const base = baseResponse.safeParse(json);
  if (!base.success) {
    const reason = status >= 200 && status < 300 ? "bad_body" : "http_status";
    return { outcome: "unknown", reason, detail: `HTTP ${status}, no code in the answer`, ...rec(status, text) };
  }
  if (base.data.code !== "00") {
    return { outcome: "rejected", code: base.data.code, message: base.data.message, ...rec(status, text) };
  }
  const full = responseSchema.safeParse(json);
  if (!full.success) {
    return { outcome: "unknown", reason: "bad_body", detail: "code 00 but the answer has an unexpected shape", ...rec(status, text) };
  }
  return { outcome: "accepted", body: full.data, ...rec(status, text) };
}

function describeNetworkError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : "network error");
}

function isConnectRefused(e: unknown): boolean {
  const code = (e as { cause?: { code?: string } } | null)?.cause?.code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
}
