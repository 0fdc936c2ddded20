import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayContext } from "./context";
import { addScenario, clearScenarios, decideFate, platformPublicKey, readOrder, registerMerchant, type ControlResult } from "./control";
import { hasControlToken, isJsonRequest } from "./control-auth";
import { listScenarios, readMerchant } from "./control-inspect";
import { readRaw, sendJson, sendText } from "./http-util";

interface ControlRoute {
  method: "GET" | "PUT" | "POST" | "DELETE";
  pattern: RegExp;
  /** Readable without the token (the platform's public key only). */
  open?: boolean;
  /** Takes a JSON body (and so must be declared `application/json`). */
  json?: boolean;
  run(ctx: GatewayContext, p: { id: string; query: URLSearchParams; body: unknown }): ControlResult | Promise<ControlResult>;
}

const MERCHANT = /^\/sandbox\/merchants\/([^/]+)$/;
const SCENARIOS = /^\/sandbox\/scenarios$/;

const ROUTES: ControlRoute[] = [
  { method: "GET", pattern: /^\/sandbox\/platform-public-key$/, open: true, run: (ctx) => platformPublicKey(ctx) },
  { method: "PUT", pattern: MERCHANT, json: true, run: (ctx, p) => registerMerchant(ctx, p.id, p.body) },
  { method: "GET", pattern: MERCHANT, run: (ctx, p) => readMerchant(ctx, p.id) },
  { method: "GET", pattern: SCENARIOS, run: (ctx, p) => listScenarios(ctx, p.query.get("merchantId")) },
  { method: "POST", pattern: SCENARIOS, json: true, run: (ctx, p) => addScenario(ctx, p.body) },
  { method: "DELETE", pattern: SCENARIOS, run: (ctx, p) => clearScenarios(ctx, p.query.get("merchantId")) },
  { method: "POST", pattern: /^\/sandbox\/orders\/([A-Za-z0-9]+)\/fate$/, json: true, run: (ctx, p) => decideFate(ctx, p.id, p.body) },
  { method: "GET", pattern: /^\/sandbox\/orders\/([A-Za-z0-9]+)$/, run: (ctx, p) => readOrder(ctx, p.id) },
];

/**
 * The control API (`/sandbox/*`): every route but the platform's public key needs `Authorization: Bearer <token>`,
 * and bodies must be `application/json`. CORS preflights get no `Access-Control-Allow-*` header, so a page of
 * another origin can neither read an answer nor send a request that needs a preflight. Returns false for other paths.
 */
export async function serveControl(ctx: GatewayContext, token: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  if (!path.startsWith("/sandbox/")) return false;
  const method = req.method ?? "GET";
  if (method === "OPTIONS") {
    res.writeHead(204, { "content-length": 0 });
    res.end();
    return true;
  }
  const matches = ROUTES.filter((r) => r.pattern.test(path));
  const route = matches.find((r) => r.method === method);
  if (!route?.open && !hasControlToken(req, token)) {
    res.setHeader("www-authenticate", 'Bearer realm="sandbox-gateway"');
    sendJson(res, 401, { error: "the control API needs Authorization: Bearer <token> (printed by npm start)" });
    return true;
  }
  if (!route) {
    if (matches.length) res.setHeader("allow", matches.map((r) => r.method).join(", "));
    sendJson(res, matches.length ? 405 : 404, { error: matches.length ? "method not allowed" : "not found" });
    return true;
  }
  if (route.json && !isJsonRequest(req)) {
    sendJson(res, 415, { error: "content-type must be application/json" });
    return true;
  }

  let id = "";
  try {
    id = decodeURIComponent(route.pattern.exec(path)?.[1] ?? "");
  } catch {
    sendJson(res, 400, { error: "bad path" });
    return true;
  }
  let body: unknown = null;
  if (route.json) {
    const raw = await readRaw(req).catch(() => null);
    if (raw === null) {
      sendJson(res, 413, { error: "body too large" });
      return true;
    }
    body = parseJson(raw || "{}");
  }
  const result = await route.run(ctx, { id, query: url.searchParams, body });
  if (result.type === "text/plain" && typeof result.body === "string") sendText(res, result.status, result.body);
  else sendJson(res, result.status, result.body);
  return true;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
