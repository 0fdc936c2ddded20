import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ROUTE_ACCESS, type RouteKey } from "@/lib/auth/access-table";
import { API_SCOPES } from "@/lib/auth/api-key-scopes";
import { baseUrl, roleSession } from "../e2e/helpers/app";
import { approveAsSecondAdmin } from "../e2e/helpers/four-eyes";
import { declaredScopes } from "../helpers/route-scopes";
import { judge, short, Tally, type Problem } from "./helpers/answers";
import { closeDb, countDiff, settle, tableCounts } from "./helpers/db-state";
import { hostileArb, toQuery } from "./helpers/hostile";
import { demoCredentialId } from "./helpers/orders";
import { apiRoutes, type ApiRouteInfo } from "./helpers/routes";
import { FUZZ_SEED, subSeed } from "./helpers/seed";

/**
 * Hostile input sent with an API key (Bearer, no cookie) holding every scope: to the routes that declare a scope
 * (generated bodies and queries, hostile ids, with and without an Idempotency-Key) and to every other JSON route
 * that is not public (always 403, whatever is sent). Every answer is below 500 and in the one error shape; a refusal writes nothing
 * but its own audit row (every use of a key is audited). Two keys, so no answer is the per-key limit's 429.
 */
const RUNS = { scoped: 12, unscoped: 1 };
const IDS = ["1", "0", "-1", "abc", "99999999999999999999", "１", "%00", "..%2F..%2Fetc"];

const tally = new Tally();
const problems: Problem[] = [];
let routes: ApiRouteInfo[] = [];
const secrets = { scoped: "", unscoped: "" };

async function makeKey(name: string): Promise<string> {
  const admin = await roleSession("admin");
  const res = await admin.json("/api/api-keys", "POST", { name, credentialIds: [await demoCredentialId()], scopes: [...API_SCOPES] });
  const body = (await res.json()) as { secret: string; pendingChange: { id: number } };
  await approveAsSecondAdmin(body.pendingChange.id);
  return body.secret;
}

beforeAll(async () => {
  console.log(`hostile input by API key: FUZZ_SEED=${FUZZ_SEED}`);
  // Public routes (health, callbacks, the payer's page) never look at a key: the JSON-route suite covers them.
  routes = (await apiRoutes()).filter((r) => r.body === "json" && !r.stream && ROUTE_ACCESS[r.key as RouteKey] !== "public");
  secrets.scoped = await makeKey("Fuzz scoped routes");
  secrets.unscoped = await makeKey("Fuzz other routes");
});

afterAll(async () => {
  tally.print("hostile input: JSON routes by API key", { seed: FUZZ_SEED, problems: problems.length });
  await closeDb();
});

function requests(route: ApiRouteInfo, n: number): { url: string; init: RequestInit }[] {
  const isGet = route.method === "GET";
  const arb = fc.record({ hostile: hostileArb(route.schema ?? z.object({}), { sizes: isGet ? [10, 100] : [1_000, 10_000] }), pick: fc.nat(), key: fc.option(fc.stringMatching(/^[A-Za-z0-9_\-:.]{8,40}$/)) });
  return fc.sample(arb, { seed: subSeed(route.key, "api-key"), numRuns: n }).map(({ hostile, pick, key }) => {
    const path = route.path.replace("[id]", IDS[pick % IDS.length] ?? "1").replace("[type]", "payout").replace("[token]", "x");
    const headers: Record<string, string> = key ? { "idempotency-key": key } : {};
    if (isGet) {
      const q = toQuery(hostile.value);
      return { url: q ? `${path}?${q}` : path, init: { method: "GET", headers } };
    }
    return { url: path, init: { method: route.method, headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(hostile.value) } };
  });
}

describe("every JSON route, by API key, generated hostile input", () => {
  it("no 5xx, one error shape, 403 where no scope is declared, no row written by a refusal but its audit row", { timeout: 300_000 }, async () => {
    const scopes = declaredScopes();
    expect(routes.filter((r) => scopes.has(r.key)).length).toBeGreaterThanOrEqual(7);
    await settle();
    let before = await tableCounts();
    for (const route of routes) {
      const scoped = scopes.has(route.key);
      for (const c of requests(route, scoped ? RUNS.scoped : RUNS.unscoped)) {
        const headers = { ...(c.init.headers as Record<string, string>), authorization: `Bearer ${scoped ? secrets.scoped : secrets.unscoped}` };
        const res = await fetch(`${baseUrl()}${c.url}`, { ...c.init, headers, redirect: "manual", signal: AbortSignal.timeout(30_000) });
        const { status, text, problem } = await judge(res);
        tally.add(route.key, "api-key", status, scoped ? "scoped" : "unscoped");
        const where = `${route.key} by key`;
        const sent = `${c.init.method} ${short(c.url, 200)} ${short(String(c.init.body ?? ""), 200)}`;
        if (problem) problems.push({ where, status, why: problem, sent, answer: short(text) });
        if (!scoped && status !== 403) problems.push({ where, status, why: "expected 403: the route declares no scope", sent, answer: short(text) });
        if (scoped && (status === 401 || status === 403 || status === 429)) problems.push({ where, status, why: "a key with the route's scope was refused", sent, answer: short(text) });
        if (status >= 300) {
          const after = await tableCounts();
          const { audit_log: audited = 0, ...rest } = countDiff(before, after);
          if (audited !== 1 || Object.keys(rest).length > 0) problems.push({ where, status, why: `a refusal changed row counts ${JSON.stringify(countDiff(before, after))}`, sent, answer: short(text) });
          before = after;
        } else {
          if (route.method !== "GET") await settle();
          before = await tableCounts();
        }
      }
    }
    expect(problems, JSON.stringify(problems.slice(0, 5), null, 2)).toEqual([]);
  });
});
