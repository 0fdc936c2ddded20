/**
 * The HTTP server in front of Next (production and `--dev`), started by scripts/start.ts. It does, for every
 * request and before Next reads a byte, what no route may forget:
 *   - records the socket's address in `x-smilepayz-peer` (any incoming value is replaced), so the app never
 *     trusts a client-chosen X-Forwarded-For (lib/auth/client-info.ts reads it only behind TRUSTED_PROXIES);
 *   - refuses cross-site state-changing requests (Sec-Fetch-Site / Origin not this app's) with 403;
 *   - caps request bodies: Content-Length required for bodies (411), at most the path's cap (413);
 *   - sets the security headers every response carries (pages get their nonce CSP from proxy.ts);
 *   - sheds callbacks from an address the app keeps refusing (callback-shield.mjs), before Next sees them;
 *   - makes every console line one line of at most 2 KiB (log-cap.mjs): no stack, no echoed input;
 *   - compresses what is worth it (compressAnswer): Next's own compression is off (next.config.mjs).
 * Plain JavaScript on purpose: it runs without the TypeScript loader, as `next start` would.
 */
import http from "node:http";
import path from "node:path";
import next from "next";
// The gzip middleware Next itself applies when `compress` is on, and its clean-up for a client gone mid-answer.
import compression from "next/dist/compiled/compression/index.js";
import { releaseCompressionStream } from "next/dist/server/lib/release-compression-stream.js";
import { admitCallback } from "./callback-shield.mjs";
import { capConsole } from "./log-cap.mjs";
import { bodyCap, checkCrossSite, compressAnswer, peerHeader, securityHeaders } from "./serve-policy.mjs";

// Before Next loads: whatever it (or next-auth, or a library) prints through console is one capped line, never a stack.
capConsole();

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "127.0.0.1";
const dir = path.resolve(import.meta.dirname, "..");
const appBase = process.env.APP_BASE_URL ?? `http://${hostname}:${port}`;

const app = next({ dev, hostname, port, dir });
const compress = compression();
const handle = app.getRequestHandler();
await app.prepare();

function isAbort(err) {
  const code = err && typeof err === "object" ? err.code : undefined;
  return (err instanceof Error && (err.name === "AbortError" || err.message === "aborted")) || ["ECONNRESET", "ECONNABORTED", "EPIPE"].includes(code);
}

/** Header lines for an answer written straight to the socket (the security headers every answer carries). */
function rawHeaders(headers) {
  return Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [`${k}: ${Array.isArray(v) ? v.join(", ") : v}`]));
}

/**
 * Answer a request whose body will not be read (too large, or sent without a length), without buffering it: the
 * answer goes out at once, what the client still sends is read and dropped, and the socket is closed once the client
 * has sent it all (5 s at most). Closing on unread bytes resets the connection, and the reset can overtake the
 * answer: the client then sees a broken pipe and no status (the hostile-input suite's chunked 3 MB callbacks did,
 * now and then, when the 411 went through Node's own close).
 */
function answerBeforeBody(req, res, statusLine, code, message) {
  const body = JSON.stringify({ error: { code, message } });
  const head = [`HTTP/1.1 ${statusLine}`, ...rawHeaders(res.getHeaders()), "content-type: application/json; charset=utf-8", "cache-control: no-store", `content-length: ${Buffer.byteLength(body)}`, "connection: close"];
  const socket = req.socket;
  socket.write(`${head.join("\r\n")}\r\n\r\n${body}`);
  req.on("end", () => socket.end());
  req.on("error", () => socket.destroy());
  req.resume();
  setTimeout(() => socket.destroy(), 5_000).unref();
}

function refuse(res, status, code, message) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", connection: "close" });
  res.end(JSON.stringify({ error: { code, message } }));
}

const server = http.createServer((req, res) => {
  req.headers[peerHeader] = req.socket.remoteAddress ?? "";
  for (const [k, v] of Object.entries(securityHeaders(appBase, req.url ?? "/"))) res.setHeader(k, v);

  const crossSite = checkCrossSite(req.method ?? "GET", req.headers, appBase);
  if (crossSite) return refuse(res, 403, "forbidden", crossSite);

  if (!["GET", "HEAD", "OPTIONS"].includes(req.method ?? "GET")) {
    const cap = bodyCap(req.url ?? "/");
    const length = req.headers["content-length"];
    if (length === undefined && req.headers["transfer-encoding"]) {
      return answerBeforeBody(req, res, "411 Length Required", "length_required", "Send the body with a Content-Length.");
    }
    if (length !== undefined && !(Number(length) <= cap)) {
      return answerBeforeBody(req, res, "413 Payload Too Large", "payload_too_large", `The request body is larger than ${Math.round(cap / 1024)} KiB.`);
    }
  }
  const admitted = admitCallback(req, res, req.headers[peerHeader]);
  if (admitted !== true) {
    const shed = () => refuse(res, 429, "rate_limited", "Too many refused callbacks from this address: try again in a minute.");
    return admitted > 0 ? void setTimeout(shed, admitted) : shed();
  }
  if (compressAnswer(req.url ?? "/")) {
    compress(req, res, () => {});
    // As Next does: a client gone mid-answer would leave the middleware's zlib stream open past GC.
    res.once("close", () => {
      if (!res.writableFinished) releaseCompressionStream(res);
    });
  }
  handle(req, res).catch((err) => {
    // A client that went away mid-request is not the app's error (level 30 = info, 50 = error, as pino).
    const aborted = req.destroyed || isAbort(err);
    const line = { level: aborted ? 30 : 50, msg: aborted ? "the client closed the request" : "request failed", err: err instanceof Error ? err.name : "error" };
    (aborted ? console.log : console.error)(JSON.stringify(line));
    if (!res.headersSent) refuse(res, 500, "internal", "Something went wrong. It has been logged.");
  });
});
// A request Node cannot parse (headers or URL past its 16 KiB cap, bad framing) is answered by Node itself with
// an empty body; answer it in the app's one error shape instead, then close.
server.on("clientError", (err, socket) => {
  if (!socket.writable || err.code === "ECONNRESET") return void socket.destroy();
  const [status, code, message] =
    err.code === "HPE_HEADER_OVERFLOW" ? [431, "headers_too_large", "The request's headers or URL are too large."] : [400, "invalid_input", "The request is not valid HTTP."];
  const body = JSON.stringify({ error: { code, message } });
  const reason = status === 431 ? "Request Header Fields Too Large" : "Bad Request";
  const head = [`HTTP/1.1 ${status} ${reason}`, ...rawHeaders(securityHeaders(appBase, "/")), "content-type: application/json; charset=utf-8", `content-length: ${Buffer.byteLength(body)}`, "cache-control: no-store", "connection: close"];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
});
// requestTimeout bounds receiving a request, not a response: a long event stream is not cut by it.
server.requestTimeout = 60_000;
server.headersTimeout = 20_000;
server.listen(port, hostname, () => {
  console.log(`[serve] ${dev ? "dev" : "production"} server on http://${hostname}:${port}`);
});
// Event streams (GET /api/events) never end by themselves: after a short grace for requests in flight, the
// remaining connections are closed so the process exits; browsers reconnect and resume by Last-Event-ID.
const stop = () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 2_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
