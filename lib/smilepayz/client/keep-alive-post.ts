import "server-only";
import http from "node:http";
import https from "node:https";
import type { Posted } from "./send";

/**
 * The gateway calls' transport: node:http(s) with one kept-alive Agent per origin (a run signs and sends thousands
 * of requests to one base URL; Node's built-in fetch managed a third of node:http's rate on this path). Redirects
 * are never followed (a 3xx is handed back as it came). Without fetch's shape: no Request, Response, Headers or AbortController
 * per call (a fifth of a dispatched pay-out's CPU went to them), one timer. A refusal before a connection existed
 * (ECONNREFUSED, ENOTFOUND, EAI_AGAIN) is notSent: nothing reached the gateway; every later failure is unknown.
 */
export function keptAlivePost(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Posted> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.resolve({ notSent: "invalid gateway base URL" });
  }
  const lib = u.protocol === "https:" ? https : http;
  return new Promise<Posted>((resolve) => {
    let settled = false;
    const done = (p: Posted) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(p);
    };
    const req = lib.request(u, { method: "POST", headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) }, agent: agentFor(u) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (e) => done({ unknown: "network", detail: codeOf(e) }));
      res.on("end", () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
    });
    const timer = setTimeout(() => {
      done({ unknown: "timeout", detail: `no answer within ${timeoutMs} ms` });
      req.destroy(new Error("timeout"));
    }, timeoutMs);
    req.on("error", (e) => {
      const code = (e as { code?: string }).code;
      const refused = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
      done(refused ? { notSent: `gateway unreachable: ${codeOf(e)}` } : { unknown: "network", detail: codeOf(e) });
    });
    req.end(body);
  });
}

const codeOf = (e: unknown) => (e as { code?: string } | null)?.code ?? (e instanceof Error ? e.message : "network error");

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
