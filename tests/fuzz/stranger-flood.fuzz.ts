import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readEnv } from "@/lib/env";
import { secondInstance, type Instance } from "../../scripts/second-instance";
import { baseUrl, dataDir, freshUser, gatewayUrl } from "../e2e/helpers/app";
import { shapeProblem } from "./helpers/answers";
import { closeDb, db } from "./helpers/db-state";
import { pool, rawRequest } from "./helpers/raw-http";

/**
 * Strangers from many addresses: what they make the app write is bounded per minute for all of them together,
 * however many addresses they use (IPv6 counted by its /64). Refused callbacks and failed sign-ins from 500 and
 * more addresses, with padded bodies and big headers; the database's growth is printed. Then malformed
 * `callbackUrl`s on next-auth's routes: a 400, and one short log line, never a stack.
 *
 * IPv4 senders are real sockets from 127.1.x.y / 127.2.x.y (all loopback). IPv6 senders cannot be real sockets here
 * (the only IPv6 loopback is ::1), so they come through a second instance on the same database started with
 * TRUSTED_PROXIES=127.0.0.1 (why: it believes the X-Forwarded-For this test writes, as behind a proxy); it also
 * shows that the budget holds for all instances together.
 */
const budget = readEnv({ NODE_ENV: "production" }) as unknown as Record<"STRANGER_SAMPLES_PER_MINUTE" | "STRANGER_SAMPLE_BYTES_PER_MINUTE" | "STRANGER_ROWS_PER_MINUTE", number>;
const root = path.resolve(__dirname, "../..");
let b: Instance;

beforeAll(async () => {
  b = await secondInstance({ root, dataDir: dataDir(), gatewayUrl: gatewayUrl(), env: { TRUSTED_PROXIES: "127.0.0.1" } });
}, 180_000);
afterAll(async () => {
  await b?.kill();
  await closeDb();
});

/**
 * Tables an anonymous client can make the app write, with their indexes and TOAST: what is kept (samples and
 * counts for CALLBACK_REFUSAL_RETENTION_DAYS, audit rows for ever, the budget's ledger an hour), and working state
 * that is emptied as it goes (the minute's sign-in counts, flushed every minute; throttle keys, deleted 16 minutes
 * after their last use), whose size levels off instead of growing hour after hour.
 */
const KEPT = ["callbacks", "callback_refusals", "audit_log", "stranger_writes"];
const WORKING = ["sign_in_failures", "auth_rate_limits"];
const WRITTEN = [...KEPT, ...WORKING];
/** Each table's whole size, and (as `<table>:maps`) the part that is PostgreSQL's free-space and visibility maps. */
async function sizes(): Promise<Record<string, number>> {
  const rows = await db()<{ name: string; bytes: string; maps: string }[]>`
    select t as name, coalesce(pg_total_relation_size(to_regclass(t)), 0)::text as bytes,
           coalesce((select sum(pg_relation_size(c.oid, 'fsm') + pg_relation_size(c.oid, 'vm')) from pg_class c
                      where c.oid = to_regclass(t) or c.oid = (select reltoastrelid from pg_class where oid = to_regclass(t))
                         or c.oid in (select indexrelid from pg_index where indrelid = to_regclass(t))), 0)::text as maps
      from unnest(${WRITTEN}::text[]) t`;
  return Object.fromEntries(rows.flatMap((r) => [[r.name, Number(r.bytes)], [`${r.name}:maps`, Number(r.maps)]]));
}
function growth(before: Record<string, number>, after: Record<string, number>): { kept: number; text: string } {
  const of = (tables: string[]) => {
    const parts = tables.map((t) => [t, (after[t] ?? 0) - (before[t] ?? 0)] as const).filter(([, d]) => d !== 0);
    const total = parts.reduce((a, [, d]) => a + d, 0);
    return { total, text: `${total.toLocaleString("en")} bytes (${parts.map(([t, d]) => `${t} ${d.toLocaleString("en")}`).join(", ") || "none"})` };
  };
  const kept = of(KEPT);
  // The maps appear in steps (a table's first pages, its first vacuum): said apart, so a failure shows whether they made it.
  const maps = KEPT.reduce((a, t) => a + (after[`${t}:maps`] ?? 0) - (before[`${t}:maps`] ?? 0), 0);
  return { kept: kept.total, text: `kept ${kept.text}, of which free-space and visibility maps ${maps.toLocaleString("en")} bytes; working state ${of(WORKING).text}` };
}
const minuteOf = (t: number) => Math.floor(t / 60_000);
/** Clock minutes a stretch of time touches: each has its own budget. */
const minutesSpanned = (t0: number, t1: number) => minuteOf(t1) - minuteOf(t0) + 1;

/** One sender: a loopback socket of its own to the first instance, or an IPv6 address through the second one. */
interface Sender {
  address: string;
  send(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }>;
}
function ipv4Sender(net: number, i: number): Sender {
  const address = `127.${net}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  return { address, send: (p, headers, body) => rawRequest(`${baseUrl()}${p}`, { headers, body, localAddress: address }) };
}
/** Two addresses in each /64: the interface part differs, the /64 is the one source. */
function ipv6Sender(tag: number, i: number): Sender {
  const net = `2001:db8:${tag.toString(16)}:${Math.floor(i / 2).toString(16)}`;
  const address = i % 2 === 0 ? `${net}::1` : `${net}:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}:7:${(i + 1).toString(16)}`;
  return { address, send: (p, headers, body) => rawRequest(`${b.baseUrl}${p}`, { headers: { ...headers, "x-forwarded-for": address }, body }) };
}
const group64 = (a: string) => (a.includes(":") ? a.split(":").slice(0, 4).join(":") : a);

describe("a flood from many addresses", () => {
  it("of refused callbacks (padded bodies, big headers) writes within the global budget per minute", async () => {
    const senders = [...Array.from({ length: 260 }, (_, i) => ipv4Sender(1, i)), ...Array.from({ length: 260 }, (_, i) => ipv6Sender(1, i))];
    const groups = new Set(senders.map((s) => group64(s.address)));
    // 14 KB of headers (under Node's 16 KiB cap) and 9 KB of random padding (nothing for TOAST to compress).
    const bigHeaders = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`x-pad-${i}`, randomBytes(1_500).toString("base64").slice(0, 1_990)]));
    const body = (kind: number) => {
      const pad = randomBytes(6_800).toString("base64");
      return kind % 2 === 0 ? `{"tradeNo":"T1","pad":"${pad}"` : JSON.stringify({ orderNo: "TH1", tradeNo: `T${kind}`, status: "SUCCESS", money: { currency: "THB", amount: 1 }, pad });
    };
    const headers = { "content-type": "application/json", "x-timestamp": new Date().toISOString().slice(0, 19) + "+00:00", "x-signature": randomBytes(256).toString("base64"), ...bigHeaders };
    const addresses = senders.map((s) => s.address);

    /** One flood: 6 refused callbacks from each address, 24 at a time; what it made the app write. */
    const round = async (name: string) => {
      const before = await sizes();
      const t0 = Date.now();
      const statuses = await pool(
        senders.flatMap((s) => Array.from({ length: 6 }, (_, k) => ({ s, k }))),
        24,
        ({ s, k }) => s.send("/api/callbacks/smilepayz", headers, body(k)).then((a) => a.status),
      );
      const t1 = Date.now();
      await new Promise((r) => setTimeout(r, 2_500)); // refusal counts are written at most once a second
      const g = growth(before, await sizes());
      const minutes = minutesSpanned(t0, t1 + 2_500);
      const [stored] = await db()<{ n: number; bytes: number }[]>`
        select count(*)::int as n, coalesce(sum(octet_length(raw_body) + octet_length(headers::text)), 0)::int as bytes
        from callbacks where remote_ip in ${db()(addresses)} and received_at >= ${new Date(t0 - 1_000)}`;
      const counters = await db()<{ ip: string; n: number }[]>`
        select remote_ip as ip, count as n from callback_refusals
        where minute >= ${new Date(minuteOf(t0) * 60_000)} and (remote_ip = '*' or remote_ip like '127.1.%' or remote_ip like '2001:db8:1:%')`;
      const counted = counters.reduce((a, r) => a + r.n, 0);
      console.log(
        `callback flood (${name}): ${statuses.length} refused callbacks from ${senders.length} addresses (${groups.size} sources: IPv6 by /64) in ` +
          `${((t1 - t0) / 1000).toFixed(1)} s over ${minutes} clock minute(s); answers ${JSON.stringify(tally(statuses))}\n` +
          `  database growth: ${g.text}\n  kept ${stored?.n} bodies (${stored?.bytes.toLocaleString("en")} bytes with headers); ` +
          `${counters.length} counter rows holding ${counted} refusals`,
      );
      expect(statuses.filter((s) => s >= 500), "server errors").toEqual([]);
      expect(counted, "every refusal is counted").toBe(statuses.length);
      // The /64 is the source: two addresses of one /64 never have counter rows of their own.
      expect(counters.filter((r) => r.ip.includes(":") && !r.ip.endsWith("::/64"))).toEqual([]);
      expect(stored?.n, "bodies kept, all addresses together").toBeLessThanOrEqual(budget.STRANGER_SAMPLES_PER_MINUTE * minutes);
      expect(stored?.bytes, "bytes kept, all addresses together").toBeLessThanOrEqual(budget.STRANGER_SAMPLE_BYTES_PER_MINUTE * minutes);
      // Per-address rows up to the budget, then one row per minute and reason (two reasons here) for all the others.
      expect(counters.length).toBeLessThanOrEqual((budget.STRANGER_ROWS_PER_MINUTE + 2) * minutes);
      return { kept: g.kept, minutes };
    };

    // The aim: under 5 MB an hour, i.e. under 5 MB / 60 kept for each minute of flood. The first minute may also
    // pay for the first pages of what it writes (TOAST, each index, the budget's ledger); the next one is the rate.
    const aim = (5 * 1024 * 1024) / 60;
    const first = await round("first minute");
    expect(first.kept).toBeLessThan(aim * first.minutes + 256 * 1024);
    await new Promise((r) => setTimeout(r, 60_500 - (Date.now() % 60_000)));
    const next = await round("the next minute");
    expect(next.kept).toBeLessThan(aim * next.minutes + 32 * 1024);
  }, 300_000);

  it("of failed sign-ins writes one audit row per account and address up to the budget, and one per account for the rest", async () => {
    const victim = await freshUser("support");
    const nobody = `nobody-${randomBytes(4).toString("hex")}@flood.test`;
    const senders = [...Array.from({ length: 260 }, (_, i) => ipv4Sender(2, i)), ...Array.from({ length: 260 }, (_, i) => ipv6Sender(2, i))];
    // One CSRF token for all (its cookie is signed with the secret both instances share).
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const attempts = senders.flatMap((s) => [victim.email, nobody].map((email) => ({ s, email })));

    /** One flood: a wrong password for the victim and for an e-mail of nobody from each address; what it kept. */
    const round = async (name: string) => {
      const before = await sizes();
      const t0 = Date.now();
      const statuses = await pool(attempts, 24, ({ s, email }) => {
        const form = new URLSearchParams({ csrfToken, email, password: `guess-${randomBytes(4).toString("hex")}`, totp: "", json: "true" }).toString();
        return s.send("/api/auth/callback/credentials", { cookie, "content-type": "application/x-www-form-urlencoded" }, form).then((a) => a.status);
      });
      const t1 = Date.now();
      // Each closed minute is turned into its audit rows by the minutely job; wait until nothing is left to count.
      const deadline = Date.now() + 180_000;
      for (;;) {
        const [left] = await db()<{ n: number }[]>`select count(*)::int as n from sign_in_failures where minute >= ${new Date(minuteOf(t0) * 60_000)}`;
        if (left?.n === 0) break;
        if (Date.now() > deadline) throw new Error(`sign-in failures still not audited: ${left?.n} rows`);
        await new Promise((r) => setTimeout(r, 2_000));
      }
      const g = growth(before, await sizes());
      const minutes = minutesSpanned(t0, t1);
      const rows = await db()<{ email: string | null; ip: string | null; attempts: number }[]>`
        select actor_email as email, ip, (after->>'attempts')::int as attempts from audit_log
        where action = 'auth.sign_in_failures' and (after->>'minute')::timestamptz >= ${new Date(minuteOf(t0) * 60_000)}
          and (actor_email = ${victim.email} or ip like '127.2.%' or ip like '2001:db8:2:%' or (ip is null and after->'emails' ? ${nobody}))`;
      const audited = rows.reduce((a, r) => a + r.attempts, 0);
      console.log(
        `sign-in flood (${name}): ${attempts.length} failed sign-ins from ${senders.length} addresses in ${((t1 - t0) / 1000).toFixed(1)} s over ` +
          `${minutes} clock minute(s); answers ${JSON.stringify(tally(statuses))}\n  database growth: ${g.text}\n` +
          `  ${rows.length} audit rows holding ${audited} attempts`,
      );
      expect(statuses.filter((s) => s !== 200 && s !== 401), "answers other than 200/401").toEqual([]);
      expect(audited, "every attempt is in an audit row's count").toBe(attempts.length);
      // Per account and address up to the budget; the rest one row per account (the victim, unknown e-mails) a minute.
      expect(rows.length).toBeLessThanOrEqual((budget.STRANGER_ROWS_PER_MINUTE + 2) * minutes);
      return { kept: g.kept, minutes };
    };

    // As for callbacks: the first minute may pay for first pages, the next one is the rate (5 MB an hour / 60).
    const aim = (5 * 1024 * 1024) / 60;
    const first = await round("first minute");
    expect(first.kept).toBeLessThan(aim * first.minutes + 256 * 1024);
    const next = await round("a later minute");
    expect(next.kept).toBeLessThan(aim * next.minutes + 32 * 1024);
  }, 600_000);
});

describe("a malformed callbackUrl on next-auth's routes", () => {
  const BAD = ["http://[", "::", "%zz", "http://exa mple.com/x", `http://[${"A".repeat(8_000)}`, "\u0000/x", "https://\u202e.test:99999/"];
  const logFile = () => inject("logFile");

  it("is a 400 in the one error shape and one short log line, never a 500 or a stack", async () => {
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const offset = statSync(logFile()).size;
    const answers: { where: string; status: number; problem: string | null }[] = [];
    for (const bad of BAD) {
      for (const route of ["signout", "callback/credentials"]) {
        const form = new URLSearchParams({ csrfToken, email: "x@flood.test", password: "x", callbackUrl: bad, json: "true" }).toString();
        const a = await rawRequest(`${baseUrl()}/api/auth/${route}`, { headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: form });
        answers.push({ where: `POST ${route} ${JSON.stringify(bad.slice(0, 30))}`, status: a.status, problem: shape(a) });
      }
      const q = await rawRequest(`${baseUrl()}/api/auth/signin?callbackUrl=${encodeURIComponent(bad)}`, { method: "GET" });
      answers.push({ where: `GET signin ?callbackUrl=${JSON.stringify(bad.slice(0, 30))}`, status: q.status, problem: q.status === 400 ? shape(q) : `status ${q.status}` });
      // The same value in next-auth's callback-url cookie (next-auth answered 500 on every route): a 400 that expires it.
      const c = await rawRequest(`${baseUrl()}/api/auth/session`, { method: "GET", headers: { cookie: `next-auth.callback-url=${encodeURIComponent(bad)}` } });
      answers.push({ where: `GET session with cookie ${JSON.stringify(bad.slice(0, 30))}`, status: c.status, problem: c.status === 400 ? shape(c) : `status ${c.status}` });
    }
    await new Promise((r) => setTimeout(r, 500));
    const added = readFileSync(logFile()).subarray(offset).toString("utf8");
    const lines = added.split("\n").filter(Boolean);
    const stack = lines.filter((l) => /^\s+at\s|\bat .+:\d+:\d+\)?$/.test(l));
    const longest = Math.max(0, ...lines.map((l) => Buffer.byteLength(l)));
    console.log(`malformed callbackUrl: ${answers.length} requests, answers ${JSON.stringify(tally(answers.map((a) => a.status)))}; log: ${lines.length} lines, ${Buffer.byteLength(added)} bytes, longest ${longest}`);
    expect(answers.filter((a) => a.status >= 500 || (a.where.startsWith("POST") && a.status !== 400) || a.problem)).toEqual([]);
    expect(stack, "stack trace lines in the log").toEqual([]);
    expect(longest, "longest log line (bytes)").toBeLessThanOrEqual(2_048);
    expect(Buffer.byteLength(added), "log bytes for these requests").toBeLessThan(answers.length * 600);
  });
});

function shape(a: { status: number; type: string; text: string }): string | null {
  if (a.status < 400) return `status ${a.status}`;
  if (!a.type.startsWith("application/json")) return `type ${a.type}`;
  try {
    return shapeProblem(JSON.parse(a.text), a.status);
  } catch {
    return "not JSON";
  }
}

function tally(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}
