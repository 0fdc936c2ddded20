import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request } from "node:https";
import type { LookupFunction } from "node:net";
import { isPublicAddress } from "./webhook-url";

export interface PostResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  /** Why it failed, in our words (never the receiver's body). */
  error: string | null;
}

export interface PostOptions {
  /** May the host resolve to a private or loopback address (it is on WEBHOOK_HOST_ALLOWLIST)? */
  allowPrivate: boolean;
  timeoutMs?: number;
  /** Extra CA certificates to trust (tests only: a local receiver with a self-signed certificate). */
  ca?: string;
}

/** dns.lookup that refuses a name resolving to an inside address: checked at connect time, so re-pointing a name never reaches one. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, "", 4);
      const bad = addresses.find((a) => !allowPrivate && !isPublicAddress(a.address));
      if (bad) return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: "EPRIVATE" }), "", 4);
      if (options.all) return callback(null, addresses as unknown as string, 4);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 4);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * One POST of a signed body over https. 2xx is success; anything else (another status, a redirect, a timeout, a
 * refused address) is a failure to retry. The answer's body is read and thrown away, never stored or logged.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, opts: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({
    ok: error === null && statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    durationMs: Math.round(performance.now() - started),
    error: error ?? (statusCode !== null && (statusCode < 200 || statusCode >= 300) ? `answered HTTP ${statusCode}` : null),
  });
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body).toString(), "user-agent": "smilepayz-backoffice-webhooks/1", ...headers },
        lookup: guardedLookup(opts.allowPrivate),
        timeout: opts.timeoutMs ?? 10_000,
        ...(opts.ca ? { ca: opts.ca } : {}),
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(done(res.statusCode ?? null, null)));
        res.on("error", () => resolve(done(res.statusCode ?? null, "the answer was cut off")));
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    req.on("error", (e: NodeJS.ErrnoException) => resolve(done(null, describe(e))));
    req.end(body);
  });
}

function describe(e: NodeJS.ErrnoException): string {
  if (e.code === "EPRIVATE") return e.message;
  if (e.code === "ETIMEDOUT") return "no answer within the time limit";
  if (e.code === "ECONNREFUSED") return "connection refused";
  if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") return "host name not found";
  if (e.code?.startsWith("ERR_TLS") || e.code?.includes("CERT") || e.code === "DEPTH_ZERO_SELF_SIGNED_CERT") return `TLS certificate not trusted (${e.code})`;
  return `connection failed (${e.code ?? "error"})`;
}
