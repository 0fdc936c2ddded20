import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ROUTE_ACCESS, type RouteKey } from "@/lib/auth/access-table";
import { can, type Role } from "@/lib/auth/permissions";
import { roleSession, Session } from "../e2e/helpers/app";
import { judge, short, Tally, type Problem } from "./helpers/answers";
import { closeDb, countDiff, settle, tableCounts, type Counts } from "./helpers/db-state";
import { hostileArb, toQuery, INJECTIONS, UNICODE_TRICKS, type Hostile } from "./helpers/hostile";
import { demoCredentialId, financeSession } from "./helpers/orders";
import { BAD_LIMITS, HOSTILE_CURSORS, IMPOSSIBLE_DAYS, queryKeys } from "./helpers/paging";
import { apiRoutes, type ApiRouteInfo } from "./helpers/routes";
import { FUZZ_SEED, subSeed } from "./helpers/seed";

/**
 * Issue 22, hostile input: generated bodies (and query strings) for every JSON route, as every role and signed
 * out, against the app as `npm start` runs it. Every answer is below 500 and every refusal is the one error shape;
 * no refused request adds or removes a row in any of the app's tables.
 */
const ROLES: ("signed-out" | Role)[] = ["signed-out", "support", "finance", "approver", "admin"];
/** Per route and role; a route without an input schema still gets hostile path parameters and bodies. */
const RUNS = { schema: 12, plain: 4, signedOut: 2 };

/** Routes whose accepted requests may start background work (jobs, the gateway, its callbacks). */
const STARTS_WORK = /\/api\/(payouts|payins|payout-batches|callbacks|merchants|pending-changes)\b/;
const ID_PARAMS = ["1", "2", "3", "1", "2", "0", "-1", "abc", "99999999999999999999", "１", "1e3", "1.5", "%00", "..%2F..%2Fetc", "1%20OR%201%3D1", "%E2%80%AE1"];
const TYPE_PARAMS = ["payout", "payin", "payout", "refund", "PAYOUT", "%00", "..%2F"];
const TOKEN_PARAMS = ["x", "a".repeat(64), "%3Cscript%3E", "..%2F..%2F", "0"];
const MALFORMED = ["{", "not json", "[1,2", "{\"a\":}", "\u0000", "{\"a\":1,\"a\":2}", `${"[".repeat(5000)}${"]".repeat(5000)}`, "null", "\"\\ud800\""];

/** The status every request of a role must get whatever it sends: 401 signed out, 403 without the permission. */
function refusedAs(route: ApiRouteInfo, role: "signed-out" | Role): number | null {
  const access = ROUTE_ACCESS[route.key as RouteKey];
  if (access === undefined) throw new Error(`${route.key} is not in lib/auth/access-table.ts`);
  if (access === "public") return null;
  if (role === "signed-out") return 401;
  return access !== "signed-in" && !can(role, access) ? 403 : null;
}

interface Case {
  url: string;
  init: RequestInit;
  mutation: string;
}

function fillPath(p: string, pick: number): string {
  return p
    .replace("[id]", () => ID_PARAMS[pick % ID_PARAMS.length] ?? "1")
    .replace("[type]", () => TYPE_PARAMS[(pick >> 4) % TYPE_PARAMS.length] ?? "payout")
    .replace("[token]", () => TOKEN_PARAMS[(pick >> 3) % TOKEN_PARAMS.length] ?? "x");
}

const idempotencyKey = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9_\-:.]{8,40}$/) },
  // A header carries bytes 0x20-0xFF only (fetch refuses the rest before sending): the tricks that fit, and more.
  { weight: 1, arbitrary: fc.constantFrom(...[...UNICODE_TRICKS, ...INJECTIONS].filter((s) => /^[\x20-\x7e\xa0-\xff]+$/.test(s)), "k".repeat(500), "\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0") },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** The requests for one route: a hostile value for its schema, a path, headers and sometimes a malformed body. */
function cases(route: ApiRouteInfo, n: number, seed: number): Case[] {
  const isGet = route.method === "GET" || route.body === "upload";
  const schema = route.schema ?? z.object({});
  // A query string is capped well under the server's 16 KiB header limit (which is Node's, before the app).
  const arb = fc.record({
    hostile: hostileArb(schema, { sizes: isGet ? [10, 100, 1_000] : [1_000, 10_000, 100_000] }),
    pick: fc.nat(),
    key: idempotencyKey,
    malformed: fc.constantFrom(...MALFORMED),
    wrongType: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-16", ""),
  });
  return fc.sample(arb, { seed, numRuns: n }).map(({ hostile, pick, key, malformed, wrongType }: { hostile: Hostile; pick: number; key: string | null; malformed: string; wrongType: string }) => {
    const path = fillPath(route.path, pick);
    const headers: Record<string, string> = {};
    if (key !== null) headers["idempotency-key"] = key;
    if (isGet) {
      const q = toQuery(hostile.value);
      return { url: q ? `${path}?${q}` : path, init: { method: route.method, headers }, mutation: hostile.mutation };
    }
    if (hostile.mutation === "whole-body" && pick % 3 === 0) {
      headers["content-type"] = pick % 2 ? "application/json" : wrongType;
      return { url: path, init: { method: route.method, headers, body: pick % 2 ? malformed : JSON.stringify(hostile.value) }, mutation: pick % 2 ? "malformed-json" : "wrong-content-type" };
    }
    headers["content-type"] = "application/json";
    return { url: path, init: { method: route.method, headers, body: JSON.stringify(hostile.value) }, mutation: hostile.mutation };
  });
}

const tally = new Tally();
const problems: Problem[] = [];
let routes: ApiRouteInfo[] = [];
const t0 = Date.now();
let bodies = 0;

beforeAll(async () => {
  console.log(`hostile input: FUZZ_SEED=${FUZZ_SEED} (replay with FUZZ_SEED=${FUZZ_SEED} npm run test:fuzz)`);
  // Callbacks and bulk uploads have suites of their own (callbacks.fuzz.ts, bulk-csv.fuzz.ts); event streams
  // never end, so they get only their refusals (signed out, bad tokens) below.
  routes = (await apiRoutes()).filter((r) => r.body === "json" && !r.key.includes("[...nextauth]"));
});

afterAll(async () => {
  tally.print("hostile input: JSON routes", {
    seed: FUZZ_SEED,
    duration: `${((Date.now() - t0) / 1000).toFixed(1)} s`,
    "generated bodies": bodies,
    "accepted mutations (2xx to a non-GET)": tally.accepted.length,
    problems: problems.length,
  });
  if (tally.accepted.length) console.log(`accepted:\n  ${tally.accepted.slice(0, 20).join("\n  ")}`);
  await closeDb();
});

describe("every JSON route, every role, generated hostile input", () => {
  it("finds the routes from app/api and the schemas from lib/*/schemas.ts", () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => r.schema).length).toBeGreaterThan(25);
  });

  for (const role of ROLES) {
    it(`as ${role}: no 5xx, one error shape, no row written by a refusal`, { timeout: 300_000 }, async () => {
      let session = role === "signed-out" ? new Session() : await roleSession(role);
      await settle();
      let before: Counts = await tableCounts();
      for (const route of routes) {
        if (route.stream && role !== "signed-out" && !route.key.includes("[token]")) continue;
        const n = role === "signed-out" ? RUNS.signedOut : route.schema ? RUNS.schema : RUNS.plain;
        for (const c of cases(route, n, subSeed(route.key, role))) {
          bodies += 1;
          const res = await session.fetch(c.url, { ...c.init, signal: AbortSignal.timeout(30_000) });
          const { status, text, problem } = await judge(res);
          tally.add(route.key, role, status, c.mutation);
          const sent = `${c.init.method} ${short(c.url, 200)} ${short(String(c.init.body ?? ""), 300)}`;
          if (problem) problems.push({ where: `${route.key} as ${role}`, status, why: problem, sent, answer: short(text) });
          const must = refusedAs(route, role);
          // Decided before the body is read, whatever it is; only an oversized body or URL is refused sooner.
          if (must !== null && status !== must && status !== 413 && status !== 431) problems.push({ where: `${route.key} as ${role}`, status, why: `expected ${must} for ${role}`, sent, answer: short(text) });
          const after = await tableCounts();
          const diff = countDiff(before, after);
          if (status >= 300 && Object.keys(diff).length > 0) {
            problems.push({ where: `${route.key} as ${role}`, status, why: `a refused request changed row counts ${JSON.stringify(diff)}`, sent, answer: short(text) });
          }
          before = after;
          if (status < 300 && route.method !== "GET") {
            tally.accepted.push(`${status} ${route.key} as ${role} (${c.mutation}): ${short(String(c.init.body ?? ""), 160)}`);
            // An accepted change may change the user (second factor, role): sign in again. One on money or
            // credentials may start work (a pay-out sent, a job): let it finish, so the next count is clean.
            if (role !== "signed-out" && /\/api\/(account|users)\//.test(route.key)) session = await roleSession(role);
            if (STARTS_WORK.test(route.key)) await settle();
            before = await tableCounts();
          } else if (status === 401 && role !== "signed-out") {
            session = await roleSession(role);
            before = await tableCounts();
          }
        }
      }
      expect(problems.filter((p) => p.where.endsWith(`as ${role}`)), JSON.stringify(problems.slice(0, 5), null, 2)).toEqual([]);
    });
  }

  // Generated bodies are mostly refused on some other field first (a random credential id, say), so a hostile
  // string rarely reaches the database that way: this takes a pay-out the app accepts and puts each trick into each
  // of its text fields in turn, so each one reaches the checks behind the schema and the database itself.
  it("a valid pay-out with each trick in each text field: no 5xx, one error shape, a refusal writes nothing", { timeout: 300_000 }, async () => {
    const finance = await financeSession();
    const credentialId = await demoCredentialId();
    const local: Problem[] = [];
    const outcomes: Record<string, number> = {};
    await settle();
    let before = await tableCounts();
    for (const field of ["account", "purpose", "orderNo", "receiverName", "amount"] as const) {
      for (const trick of [...UNICODE_TRICKS, ...INJECTIONS]) {
        const orderNo = `FZV${randomBytes(6).toString("hex").toUpperCase()}`;
        // Over the demo's approval threshold (50,000 THB): an accepted one waits for an approver and starts no work,
        // so the next refusal's row counts need no wait.
        const body = { credentialId, region: "TH", method: "KBANK", account: "1234567890", amount: "60,000", purpose: "Hostile input suite", orderNo, [field]: trick };
        const res = await finance.fetch("/api/payouts", { method: "POST", headers: { "content-type": "application/json", "idempotency-key": `fzv-${orderNo}` }, body: JSON.stringify(body) });
        const { status, text, problem } = await judge(res);
        outcomes[`${field} ${status}`] = (outcomes[`${field} ${status}`] ?? 0) + 1;
        const sent = short(JSON.stringify(body), 300);
        if (problem) local.push({ where: `POST /api/payouts ${field}`, status, why: problem, sent, answer: short(text) });
        if (status >= 300) {
          const after = await tableCounts();
          const diff = countDiff(before, after);
          if (Object.keys(diff).length > 0) local.push({ where: `POST /api/payouts ${field}`, status, why: `a refused request changed row counts ${JSON.stringify(diff)}`, sent, answer: short(text) });
          before = after;
        } else before = await tableCounts();
      }
    }
    console.log(`[fuzz] a valid pay-out, each trick in each text field: ${JSON.stringify(outcomes)}`);
    problems.push(...local);
    expect(local, JSON.stringify(local.slice(0, 5), null, 2)).toEqual([]);
  });

  // Made by hand rather than generated: to a schema a cursor is opaque text, so generated strings are refused as "not
  // base64" long before one is valid base64 of JSON with an impossible instant; these are, and reach the decoder.
  it("every list and export with a cursor, from or to: hostile cursors, impossible days and bad limits are a 400 on that field", { timeout: 300_000 }, async () => {
    const lists = routes.filter((r) => r.method === "GET" && !r.stream && queryKeys(r.schema).some((k) => k === "cursor" || k === "from" || k === "to"));
    expect(lists.map((r) => r.key)).toEqual(
      expect.arrayContaining(
        ["/api/payouts", "/api/payouts/export", "/api/payouts/waiting", "/api/payins", "/api/payins/export", "/api/orders", "/api/orders/export", "/api/callbacks", "/api/audit", "/api/audit/export", "/api/payout-batches"].map((p) => `GET ${p}`),
      ),
    );
    const sessions = new Map<Role, Session>();
    for (const role of ["support", "finance", "approver", "admin"] as const) sessions.set(role, await roleSession(role));
    const local: Problem[] = [];
    const outcomes: Record<string, number> = {};
    await settle();
    const before = await tableCounts();
    for (const route of lists) {
      const role = (["support", "finance", "approver", "admin"] as const).find((r) => refusedAs(route, r) === null);
      const session = role ? sessions.get(role) : undefined;
      if (!role || !session) throw new Error(`no role may read ${route.key}`);
      const keys = queryKeys(route.schema);
      const sends: [string, string][] = [
        ...(keys.includes("cursor") ? HOSTILE_CURSORS.map((c): [string, string] => ["cursor", c]) : []),
        ...["from", "to"].filter((k) => keys.includes(k)).flatMap((k) => IMPOSSIBLE_DAYS.map((d): [string, string] => [k, d])),
        ...(keys.includes("limit") ? BAD_LIMITS.map((l): [string, string] => ["limit", l]) : []),
      ];
      for (const [field, value] of sends) {
        const url = `${route.path}?${field}=${encodeURIComponent(value)}`;
        bodies += 1;
        const res = await session.fetch(url, { signal: AbortSignal.timeout(30_000) });
        const { status, text, problem } = await judge(res);
        tally.add(route.key, role, status, `hostile ${field}`);
        outcomes[`${field} ${status}`] = (outcomes[`${field} ${status}`] ?? 0) + 1;
        const where = `${route.key} as ${role}`;
        const sent = `GET ${short(url, 200)}`;
        if (problem) local.push({ where, status, why: problem, sent, answer: short(text) });
        else if (status !== 400) local.push({ where, status, why: `expected 400 for a hostile ${field}`, sent, answer: short(text) });
        else {
          const fields = Object.keys((JSON.parse(text) as { error: { fields?: Record<string, string> } }).error.fields ?? {});
          if (fields.length !== 1 || fields[0] !== field) local.push({ where, status, why: `expected a field error on ${field} only, got ${JSON.stringify(fields)}`, sent, answer: short(text) });
        }
      }
    }
    const diff = countDiff(before, await tableCounts());
    if (Object.keys(diff).length > 0) local.push({ where: "lists and exports", status: 400, why: `refused requests changed row counts ${JSON.stringify(diff)}`, sent: "", answer: "" });
    console.log(`[fuzz] hostile cursors, impossible days and bad limits on ${lists.length} list and export routes: ${JSON.stringify(outcomes)}`);
    problems.push(...local);
    expect(local, JSON.stringify(local.slice(0, 5), null, 2)).toEqual([]);
  });

  it("sent at least 2,000 generated bodies", () => {
    expect(bodies).toBeGreaterThanOrEqual(2_000);
  });
});
