import "server-only";
import http from "node:http";
import https from "node:https";

/**
 * The gateway calls' transport: node:http(s) with one kept-alive Agent per origin, shaped as `fetch` for the
 * client (lib/smilepayz/client/send.ts). Node's built-in fetch managed a third of node:http's rate on this path
 * (its per-request overhead, not the network), and a run signs and sends thousands of requests to one base URL.
 * Redirects are never followed (a 3xx is handed back as it came). Failures look as fetch's do: a TypeError whose
 * `cause` carries the socket error's code (ECONNREFUSED: nothing was sent), an aborted signal rejects.
 */
export const keepAliveFetch: typeof fetch = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const lib = url.protocol === "https:" ? https : http;
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const body = typeof init.body === "string" ? init.body : undefined;
  if (init.body != null && body === undefined) return Promise.reject(new TypeError("keepAliveFetch sends string bodies only"));
  return new Promise<Response>((resolve, reject) => {
    const signal = init.signal;
    if (signal?.aborted) return reject(signal.reason);
    const req = lib.request(url, { method: init.method ?? "GET", headers, agent: agentFor(url) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (e) => fail(e));
      res.on("end", () => {
        signal?.removeEventListener("abort", onAbort);
        const status = res.statusCode ?? 0;
        const nullBody = status === 204 || status === 205 || status === 304;
        try {
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: responseHeaders(res.headers) }));
        } catch (e) {
          fail(e);
        }
      });
    });
    const fail = (e: unknown) => {
      signal?.removeEventListener("abort", onAbort);
      reject(signal?.aborted ? signal.reason : Object.assign(new TypeError("fetch failed"), { cause: e }));
    };
    const onAbort = () => req.destroy(new Error("aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", fail);
    req.end(body);
  });
};

const MAX_AGENTS = 200;
const agents = new Map<string, http.Agent>();

/** One kept-alive agent per origin (the gateway's base URL); past MAX_AGENTS origins the oldest is forgotten (its
 * calls in flight finish; its idle sockets close when the server ends them). */
function agentFor(url: URL): http.Agent {
  const hit = agents.get(url.origin);
  if (hit) return hit;
  const options = { keepAlive: true, keepAliveMsecs: 10_000, maxFreeSockets: 256, scheduling: "lifo" as const };
  const agent = url.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
  if (agents.size >= MAX_AGENTS) {
    agents.delete(agents.keys().next().value as string);
  }
  agents.set(url.origin, agent);
  return agent;
}

function responseHeaders(h: http.IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.append(k, one);
  }
  return out;
}
