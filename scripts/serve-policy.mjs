/**
 * The server's request policy as pure functions (scripts/serve.mjs applies them; tests/http/serve-policy.test.ts
 * checks them). Plain JavaScript: the server runs without the TypeScript loader.
 */

/** Set by the server from the socket; any incoming value is overwritten. Read by lib/auth/client-info.ts. */
export const peerHeader = "x-smilepayz-peer";

export const DEFAULT_BODY_CAP = 1024 * 1024;
export const AUTH_BODY_CAP = 16 * 1024;
export const UPLOAD_BODY_CAP = 20 * 1024 * 1024;

/** A request URL's path, without its query. */
const pathOf = (url) => url.split("?")[0] || "/";

/**
 * Upload routes end in /upload, and POST /api/payout-batches takes a run's file (lib/http/read-body.ts
 * UPLOAD_BODY_LIMIT is the same number).
 */
export function bodyCap(url) {
  const p = pathOf(url);
  if (p.startsWith("/api/auth/")) return AUTH_BODY_CAP;
  if (/^\/api\/.+\/upload$/.test(p) || p === "/api/payout-batches") return UPLOAD_BODY_CAP;
  return DEFAULT_BODY_CAP;
}

/**
 * Whether the server compresses the answer (gzip, when the client accepts it and the type is compressible): pages,
 * their data and static files, for people on slow links (a payer on a phone); and the API's downloads (a path ending
 * in /export or .csv). The API's other answers (JSON, the event streams, the callbacks' SUCCESS) go as they are: a
 * page of 50 orders is about 20 KB, and Next's gzip of every answer cost a quarter of /api/health's own CPU per
 * request and half of a prefix search's p99 (npm run bench:lookup); a proxy in front may still compress them.
 */
export function compressAnswer(url) {
  const p = pathOf(url);
  return !p.startsWith("/api/") || p.endsWith("/export") || p.endsWith(".csv");
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * A reason to refuse a state-changing request that a browser sent from another site (another port of the same
 * host counts: SameSite cookies do not separate ports), or null. Requests without Origin and Sec-Fetch-Site come
 * from servers and scripts (curl, the gateway's callbacks), which carry no ambient cookie to abuse.
 */
export function checkCrossSite(method, headers, appBase) {
  if (SAFE.has(method.toUpperCase())) return null;
  const site = headers["sec-fetch-site"];
  if (typeof site === "string" && site !== "same-origin" && site !== "none") {
    return "Cross-site requests are refused.";
  }
  const origin = headers.origin;
  if (origin === undefined) return null;
  const allowed = new Set([originOf(appBase)]);
  if (typeof headers.host === "string") allowed.add(`http://${headers.host}`).add(`https://${headers.host}`);
  if (typeof origin !== "string" || origin === "null" || !allowed.has(origin)) return "Cross-site requests are refused.";
  return null;
}

/**
 * A Web Worker's own script (Next's worker bootstrap, e.g. the run file check of /payouts/runs/new): its CSP governs
 * the worker, which must load its chunks from this origin (importScripts) and nothing else.
 */
const WORKER_SCRIPT = /^\/_next\/static\/chunks\/turbopack-worker-[\w-]+\.js$/;

/** Headers on every response. Pages replace the CSP with their nonce-based one (proxy.ts). */
export function securityHeaders(appBase, url = "/") {
  const worker = WORKER_SCRIPT.test(pathOf(url));
  const h = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "content-security-policy": `default-src 'none';${worker ? " script-src 'self';" : ""} frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
  if (appBase.startsWith("https://")) h["strict-transport-security"] = "max-age=63072000; includeSubDomains";
  return h;
}
