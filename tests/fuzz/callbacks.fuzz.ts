import { generateKeyPairSync, randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLES_PER_MINUTE } from "@/lib/callbacks/refusal-counter";
import { signCallback } from "@/lib/smilepayz/signature";
import { formatTimestamp } from "@/lib/smilepayz/timestamp";
import { callbackBody } from "@/lib/smilepayz/wire";
import { baseUrl, demoSecrets } from "../e2e/helpers/app";
import { shapeProblem, short, Tally, type Problem } from "./helpers/answers";
import { changedOrders, closeDb, db, orderSnapshot, settle } from "./helpers/db-state";
import { hostileArb, INJECTIONS, UNICODE_TRICKS } from "./helpers/hostile";
import { financeSession, makeOrders, type RealOrder } from "./helpers/orders";
import { pool, rawRequest } from "./helpers/raw-http";
import { FUZZ_SEED, subSeed } from "./helpers/seed";

/**
 * Issue 22, hostile callbacks: malformed, forged, stale, replayed and oversized deliveries to the public callback
 * route. None may change any order (status, flag, tradeNo, events), every answer is below 500 in the one error
 * shape (a duplicate of an accepted callback is the one 200), and what they make the app store stays bounded:
 * one `callback_refusals` row per address, minute and reason, at most SAMPLES_PER_MINUTE bodies in `callbacks`.
 */
type Kind = "malformed" | "forged" | "stale" | "replayed" | "duplicate" | "oversized";
interface Delivery {
  kind: Kind;
  body: string;
  headers: Record<string, string>;
  chunked?: boolean;
}
const COUNTS: Record<Kind, number> = { malformed: 110, forged: 130, stale: 90, replayed: 60, duplicate: 20, oversized: 40 };
/** Spread over this many loopback addresses so that each stays under the per-address limits and is judged in full. */
const SENDERS = 24;
const FLOOD = 100;

const tally = new Tally();
const problems: Problem[] = [];
let settled: RealOrder[] = [];
let open: RealOrder[] = [];
let claimed: { rawBody: string; xTimestamp: string; xSignature: string; tradeNo: string }[] = [];
const t0 = Date.now();
const platformKey = () => demoSecrets().platformPrivateKey;
const strangerKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

beforeAll(async () => {
  console.log(`hostile callbacks: FUZZ_SEED=${FUZZ_SEED}`);
  ({ settled, open } = await makeOrders(await financeSession(), 3, 3));
  claimed = await db()<typeof claimed>`
    select raw_body as "rawBody", x_timestamp as "xTimestamp", x_signature as "xSignature", trade_no as "tradeNo" from callbacks
    where signature_valid and x_signature is not null and payout_id in ${db()(settled.map((o) => o.id))} order by id`;
});

afterAll(async () => {
  tally.print("hostile input: callbacks", { seed: FUZZ_SEED, duration: `${((Date.now() - t0) / 1000).toFixed(1)} s`, problems: problems.length });
  await closeDb();
});

const ts = (msFromNow: number, offset = 420) => formatTimestamp(new Date(Date.now() + msFromNow), offset);
const headersOf = (timestamp: string | null, signature: string | null): Record<string, string> => ({
  "content-type": "application/json",
  ...(timestamp === null ? {} : { "x-timestamp": timestamp }),
  ...(signature === null ? {} : { "x-signature": signature }),
});
/** What a thief would send: a final status for a real order, in the order's own words. */
function claim(o: RealOrder, status: string, amount = 1500, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ orderNo: o.orderNo, tradeNo: o.tradeNo, merchantId: demoSecrets().merchantId, paymentMethod: "KBANK", status, money: { currency: "THB", amount }, ...extra });
}

function deliveries(): Delivery[] {
  const all = [...settled, ...open];
  const order = fc.constantFrom(...open, ...open, ...settled);
  const status = fc.constantFrom("SUCCESS", "FAILED", "EXPIRED", "CANCELLED", "PROCESSING", "success", "SUCCESS\u200b", "ＳＵＣＣＥＳＳ");
  const amount = fc.constantFrom(1500, 15, 1e308, -1500, 0, 1500.0000001);
  const pick = <T>(arb: fc.Arbitrary<T>, n: number, kind: string) => fc.sample(arb, { seed: subSeed("callbacks", kind), numRuns: n });

  const malformed = pick(
    fc.record({
      hostile: hostileArb(callbackBody, { sizes: [100, 1_000, 20_000] }),
      raw: fc.constantFrom("", "{", "SUCCESS", "null", "[]", "\u0000", `{"tradeNo":${"[".repeat(3000)}`, "tradeNo=T1&status=SUCCESS"),
      useRaw: fc.boolean(),
      o: order,
      timestamp: fc.constantFrom<string | null>(null, "", "now", "2026-13-45T99:99:99+07:00", "1700000000", ts(0).replace("T", " "), ts(0, 0).replace("+00:00", "Z"), ts(0), `${ts(0)}${"0".repeat(200)}`),
      signature: fc.constantFrom<string | null>(null, "", "x", "%%%", randomBytes(256).toString("base64")),
    }),
    COUNTS.malformed,
    "malformed",
  ).map((r) => {
    // Real ids inside a body that is otherwise wrong: the order exists, the body is still not a callback.
    const value = r.hostile.value && typeof r.hostile.value === "object" && !Array.isArray(r.hostile.value) ? { ...r.hostile.value, tradeNo: r.o.tradeNo } : r.hostile.value;
    return { kind: "malformed" as const, body: r.useRaw ? r.raw : JSON.stringify(value), headers: headersOf(r.timestamp, r.signature) };
  });

  const forged = pick(
    fc.record({
      o: order,
      status,
      amount,
      how: fc.constantFrom("stranger-key", "merchant-key", "random", "other-trade", "empty-trade", "borrowed", "truncated", "unicode"),
      trick: fc.constantFrom(...UNICODE_TRICKS, ...INJECTIONS),
      other: fc.constantFrom(...all),
    }),
    COUNTS.forged,
    "forged",
  ).map((r) => {
    const timestamp = ts(0);
    const sign = (tradeNo: string, key: Parameters<typeof signCallback>[0]["privateKey"]) => signCallback({ tradeNo, timestamp, privateKey: key });
    const real = sign(r.o.tradeNo, platformKey());
    const signature = {
      "stranger-key": () => sign(r.o.tradeNo, strangerKey),
      "merchant-key": () => sign(r.o.tradeNo, demoSecrets().merchantPrivateKey),
      random: () => randomBytes(256).toString("base64"),
      // Signed by the platform, but for another order's tradeNo (or none): not this body's signature.
      "other-trade": () => sign(r.other.tradeNo === r.o.tradeNo ? `${r.o.tradeNo}0` : r.other.tradeNo, platformKey()),
      "empty-trade": () => sign("", platformKey()),
      borrowed: () => claimed.find((c) => c.tradeNo !== r.o.tradeNo)?.xSignature ?? real.slice(1),
      truncated: () => real.slice(0, -8),
      unicode: () => real.slice(0, 10) + r.trick + real.slice(10),
    }[r.how]();
    const headers = headersOf(timestamp, signature);
    return { kind: "forged" as const, body: claim(r.o, r.status, r.amount), headers: { ...headers, "x-signature": headers["x-signature"]?.replace(/[^\x20-\x7e]/g, "?") ?? "" } };
  });

  const stale = pick(
    fc.record({
      o: order,
      status,
      // At least 10 minutes off: the deliveries are made up front and sent over a minute, and a timestamp that is
      // inside the 300 s window when it arrives is fresh, not stale.
      ageMs: fc.oneof(fc.integer({ min: 600_000, max: 3_600_000 }), fc.integer({ min: 3_600_000, max: 90 * 86_400_000 })),
      future: fc.boolean(),
      offset: fc.constantFrom(420, 480, 0, -180, 840),
    }),
    COUNTS.stale,
    "stale",
  ).map((r) => {
    const timestamp = ts(r.future ? r.ageMs : -r.ageMs, r.offset);
    return { kind: "stale" as const, body: claim(r.o, r.status), headers: headersOf(timestamp, signCallback({ tradeNo: r.o.tradeNo, timestamp, privateKey: platformKey() })) };
  });

  const replayed = pick(fc.record({ i: fc.nat(), status, amount, extra: fc.constantFrom({}, { payer: { name: "<script>" } }, { status2: "SUCCESS" }, { money: { currency: "USD", amount: 1 } }) }), COUNTS.replayed, "replayed").map((r) => {
    const c = claimed[r.i % claimed.length];
    if (!c) throw new Error("no accepted callback to replay");
    const body: Record<string, unknown> = { ...(JSON.parse(c.rawBody) as Record<string, unknown>), status: r.status, ...r.extra };
    if (JSON.stringify(body) === c.rawBody) body.note = "changed";
    return { kind: "replayed" as const, body: JSON.stringify(body), headers: headersOf(c.xTimestamp, c.xSignature) };
  });
  // Byte for byte what the gateway sent and the app accepted: `duplicate` (200) inside the window, stale after it.
  const duplicate = Array.from({ length: COUNTS.duplicate }, (_, i) => {
    const c = claimed[i % claimed.length];
    if (!c) throw new Error("no accepted callback to repeat");
    return { kind: "duplicate" as const, body: c.rawBody, headers: headersOf(c.xTimestamp, c.xSignature) };
  });

  const oversized = pick(fc.record({ o: order, size: fc.integer({ min: 64 * 1024 + 1, max: 3 * 1024 * 1024 }), chunked: fc.boolean(), fill: fc.constantFrom("a", "９", "\u202e", " ") }), COUNTS.oversized, "oversized").map((r) => {
    const timestamp = ts(0);
    const body = claim(r.o, "SUCCESS", 1500, { pad: r.fill.repeat(Math.ceil(r.size / Buffer.byteLength(r.fill))) });
    return { kind: "oversized" as const, body, chunked: r.chunked, headers: headersOf(timestamp, signCallback({ tradeNo: r.o.tradeNo, timestamp, privateKey: platformKey() })) };
  });
  return [...malformed, ...forged, ...stale, ...replayed, ...duplicate, ...oversized];
}

async function send(d: Delivery, localAddress: string) {
  const a = await rawRequest(`${baseUrl()}/api/callbacks/smilepayz`, { headers: d.headers, body: d.body, localAddress, chunked: d.chunked });
  tally.add(`POST /api/callbacks/smilepayz (${d.kind})`, localAddress === FLOOD_ADDRESS ? "flood" : "spread", a.status);
  let why: string | null = null;
  if (a.status >= 500) why = `server error ${a.status}`;
  else if (a.status < 300 && d.kind !== "duplicate") why = `a ${d.kind} callback was accepted`;
  else if (a.status >= 300) {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(a.text);
    } catch {
      why = `non-JSON refusal (${a.type})`;
    }
    why ??= a.type.startsWith("application/json") ? shapeProblem(parsed, a.status) : `refusal of type ${a.type}`;
  }
  if (why) problems.push({ where: d.kind, status: a.status, why, sent: `${JSON.stringify(d.headers)} ${short(d.body, 200)}`, answer: short(a.text) });
  return a.status;
}

const FLOOD_ADDRESS = "127.0.0.250";
const senderAddress = (i: number) => `127.0.0.${10 + (i % SENDERS)}`;

describe("hostile callbacks", () => {
  it("change no order, answer in the one error shape and store a bounded sample", { timeout: 300_000 }, async () => {
    expect(claimed.length, "the settled pay-outs' accepted callbacks").toBeGreaterThan(0);
    await settle();
    const before = await orderSnapshot();
    const since = new Date(Date.now() - 1_000);
    const list = deliveries();
    expect(list.length).toBeGreaterThanOrEqual(400);

    // Each sender sends its share one at a time, all senders at once.
    await pool(Array.from({ length: SENDERS }, (_, s) => s), SENDERS, async (s) => {
      for (let i = s; i < list.length; i += SENDERS) await send(list[i] as Delivery, senderAddress(s));
    });
    // And one address floods: forged callbacks far past the per-minute limit, 10 at a time.
    const flood = list.filter((d) => d.kind === "forged").slice(0, FLOOD);
    const floodStatus = await pool(flood, 10, (d) => send(d, FLOOD_ADDRESS));

    await settle();
    const changed = changedOrders(before, await orderSnapshot());
    if (changed.length || problems.length) console.log(`changed orders:\n  ${changed.join("\n  ")}\nproblems:\n${JSON.stringify(problems.slice(0, 30), null, 1)}`);
    expect(changed, "orders changed by hostile callbacks").toEqual([]);
    expect(problems, JSON.stringify(problems.slice(0, 5), null, 2)).toEqual([]);
    expect(floodStatus.filter((s) => s === 429).length, "the flood is answered 429 past the limit").toBeGreaterThan(FLOOD / 2);

    // Bounded storage: per address, minute and reason one counter row and at most SAMPLES_PER_MINUTE stored bodies.
    const rows = await db()<{ ip: string; minute: string; reason: string; n: number; stored: number }[]>`
      select r.remote_ip as ip, r.minute::text, r.reason::text, r.count as n,
        (select count(*)::int from callbacks c where c.remote_ip = r.remote_ip and c.outcome = r.reason
           and c.received_at >= r.minute and c.received_at < r.minute + interval '1 minute') as stored
      from callback_refusals r where r.remote_ip like '127.0.0.%' and r.last_at >= ${since}`;
    const refused = rows.reduce((a, r) => a + r.n, 0);
    const stored = rows.reduce((a, r) => a + r.stored, 0);
    console.log(`callback refusals: ${refused} counted in ${rows.length} counter rows, ${stored} bodies stored (bound ${SAMPLES_PER_MINUTE} per address, minute and reason)`);
    expect(rows.filter((r) => r.stored > SAMPLES_PER_MINUTE), "bodies stored past the sample bound").toEqual([]);
    const flooded = rows.filter((r) => r.ip === FLOOD_ADDRESS);
    expect(flooded.reduce((a, r) => a + r.stored, 0)).toBeLessThanOrEqual(flooded.length * SAMPLES_PER_MINUTE);
  });
});
