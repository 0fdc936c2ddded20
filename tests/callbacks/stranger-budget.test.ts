import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbackRefusals, callbacks } from "@/db/schema";
import { countRefusal, OTHER_SOURCES } from "@/lib/callbacks/refusal-counter";
import { storedHeaders } from "@/lib/callbacks/record-callback";
import { stopQueue } from "@/lib/jobs/queue";
import { closeDb, testDb } from "../helpers/db";
import { restoreEnvAfterEach, withEnv } from "../helpers/env";
import { ensureQueues } from "../payouts/helpers";
import { ingest, thaiBody, uid } from "./helpers";

/**
 * What strangers' refused callbacks may make the app write in a minute, for all their addresses together
 * (lib/strangers/write-budget.ts). The unit suite raises the budgets (tests/setup/env.ts: many files share one
 * database and minute); these tests set small ones, and use minutes of their own where they pass a clock.
 */
beforeAll(() => ensureQueues());
afterAll(async () => {
  await stopQueue();
  await closeDb();
});
restoreEnvAfterEach();

const padded = () => JSON.stringify({ ...thaiBody({ orderNo: `TH${uid()}`, tradeNo: `T${uid()}` }, "SUCCESS"), pad: "p".repeat(9_000) });
const bigHeaders = () =>
  new Headers({ "x-timestamp": "2026-11-20T10:00:00+07:00", "x-signature": "AAAA", ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`x-pad-${i}`, "h".repeat(1_990)])) });

describe("refused callbacks from many addresses", () => {
  it("keep at most the minute's sample budget of bodies for all addresses together, and count every one", async () => {
    withEnv({ STRANGER_SAMPLES_PER_MINUTE: "2", STRANGER_SAMPLE_BYTES_PER_MINUTE: "65536" });
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_100 - intoMinute));
    const ips = Array.from({ length: 25 }, (_, i) => `198.19.${Math.floor(Math.random() * 250)}.${i + 1}`);
    const results = [];
    for (const ip of ips) results.push(await ingest(testDb(), { raw: padded(), headers: bigHeaders() }, { ip }));
    expect(results.every((r) => !r.accepted && r.outcome === "forged")).toBe(true);
    const kept = await testDb().select().from(callbacks).where(inArray(callbacks.remoteIp, ips));
    expect(kept.length).toBeLessThanOrEqual(2);
    expect(results.filter((r) => r.callbackId !== null).length).toBe(kept.length);
  });

  it("per-address counter rows up to the budget; the other addresses share one row per minute and reason; an IPv6 /64 is one address", async () => {
    withEnv({ STRANGER_ROWS_PER_MINUTE: "5" });
    const at = new Date(Date.UTC(2001, 0, 1, 0, Math.floor(Math.random() * 1_000), 10));
    const sources = [
      ...Array.from({ length: 30 }, (_, i) => `192.0.2.${i + 1}`),
      ...Array.from({ length: 10 }, (_, i) => [`2001:db8:5:${i}::1`, `2001:db8:5:${i}:ffff:1:2:${i + 3}`]).flat(),
    ];
    for (const ip of sources) for (const reason of ["forged", "invalid"] as const) await countRefusal(testDb(), ip, reason, at);
    // The next minute's first count writes what this one still owes.
    await countRefusal(testDb(), "192.0.2.250", "forged", new Date(at.getTime() + 60_000));
    const rows = await testDb().select().from(callbackRefusals).where(eq(callbackRefusals.minute, new Date(Math.floor(at.getTime() / 60_000) * 60_000)));
    const own = rows.filter((r) => r.remoteIp !== OTHER_SOURCES);
    expect(own.length).toBe(5);
    expect(rows.filter((r) => r.remoteIp === OTHER_SOURCES).map((r) => r.reason).sort()).toEqual(["forged", "invalid"]);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(sources.length * 2);
    expect(own.every((r) => !r.remoteIp.includes(":") || r.remoteIp.endsWith("::/64"))).toBe(true);
  });

  it("keep a capped set of headers: the callback's own first, at most 4 KiB in all", () => {
    const kept = storedHeaders(bigHeaders());
    expect(kept["x-signature"]).toBe("AAAA");
    expect(kept["x-timestamp"]).toBe("2026-11-20T10:00:00+07:00");
    expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThanOrEqual(4_096);
  });
});
