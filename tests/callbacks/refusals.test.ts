import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbackRefusals, callbacks, strangerWrites } from "@/db/schema";
import { REFUSALS_PER_MINUTE, SAMPLES_PER_MINUTE, refusalSource } from "@/lib/callbacks/refusal-counter";
import { SAMPLE_BODY_CHARS } from "@/lib/callbacks/record-callback";
import { purgeCallbackRefusals } from "@/lib/jobs/handlers/purge-callback-refusals";
import { stopQueue } from "@/lib/jobs/queue";
import { closeDb, testDb } from "../helpers/db";
import { createMerchant, createPayout } from "../helpers/factories";
import { ensureQueues } from "../payouts/helpers";
import { PLATFORM_PUBLIC_DER, ingest, signedCallback, thaiBody, uid } from "./helpers";

beforeAll(() => ensureQueues());
afterAll(async () => {
  await stopQueue();
  await closeDb();
});

const forgedBody = (pad = 0) => JSON.stringify({ ...thaiBody({ orderNo: `TH${uid()}`, tradeNo: `T${uid()}` }, "SUCCESS"), pad: "x".repeat(pad) });
const forged = (raw: string) => ({ raw, headers: new Headers({ "x-timestamp": "2026-11-20T10:00:00+07:00", "x-signature": "AAAA" }) });

describe("refused callbacks from one address", () => {
  it("are counted in one row per minute and reason; only the first few bodies (cut to 8 KiB) are kept; past the limit, 429", async () => {
    // Counts are per clock minute: start well inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_100 - intoMinute));
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const n = REFUSALS_PER_MINUTE + 20;
    const results = [];
    for (let i = 0; i < n; i++) results.push(await ingest(testDb(), forged(forgedBody(20_000)), { ip }));
    expect(results.every((r) => !r.accepted && r.outcome === "forged")).toBe(true);
    const codes = results.map((r) => (r.accepted ? "" : r.code));
    expect(codes.slice(0, REFUSALS_PER_MINUTE).every((c) => c === "unauthorized")).toBe(true);
    expect(codes.slice(REFUSALS_PER_MINUTE).every((c) => c === "rate_limited")).toBe(true);

    const kept = await testDb().select().from(callbacks).where(eq(callbacks.remoteIp, ip));
    expect(kept).toHaveLength(SAMPLES_PER_MINUTE);
    expect(kept.every((k) => k.rawBody.length === SAMPLE_BODY_CHARS)).toBe(true);
    // Counts are written at once for the first, then at most once a second; what is left when the refusals stop
    // is written a second after the last write, without waiting for another refusal.
    await new Promise((r) => setTimeout(r, 1_200));
    const counts = await testDb().select().from(callbackRefusals).where(eq(callbackRefusals.remoteIp, ip));
    expect(counts).toHaveLength(1);
    expect(counts[0]).toMatchObject({ reason: "forged", count: n });
  }, 90_000);

  it("do not stop a genuine callback from the same address", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < REFUSALS_PER_MINUTE + 5; i++) await ingest(testDb(), forged(forgedBody()), { ip });
    const m = await createMerchant(testDb(), { platformPublicKey: PLATFORM_PUBLIC_DER });
    const p = await createPayout(testDb(), { merchantId: m.id, status: "PROCESSING", tradeNo: `T${uid()}` });
    // The credentials' keys are re-read at most once a second (a forged callback costs no database read).
    await new Promise((r) => setTimeout(r, 1_100));
    const r = await ingest(testDb(), signedCallback(thaiBody({ orderNo: p.orderNo, tradeNo: p.tradeNo ?? "" }, "SUCCESS")), { ip });
    expect(r).toMatchObject({ accepted: true, outcome: "confirming" });
  });

  it("an IPv6 source is limited by its /64", () => {
    expect(refusalSource("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(refusalSource("2001:db8:1:2:ffff:ffff:ffff:1")).toBe("2001:db8:1:2::/64");
    expect(refusalSource("198.51.100.4")).toBe("198.51.100.4");
    expect(refusalSource(null)).toBe("");
  });
});

describe("purge", () => {
  it("deletes refused callbacks and counts past the retention, never verified ones", async () => {
    const tag = randomBytes(4).toString("hex");
    const old = new Date(Date.now() - 8 * 86_400_000);
    const row = (outcome: "forged" | "confirming", receivedAt: Date) => ({ headers: {}, rawBody: tag, outcome, receivedAt });
    await testDb().insert(callbacks).values([row("forged", old), row("forged", new Date()), row("confirming", old)]);
    await testDb().insert(callbackRefusals).values({ remoteIp: `purge-${tag}`, minute: old, reason: "forged", count: 5 });
    const r = await purgeCallbackRefusals(testDb(), new Date(), 7);
    expect(r.callbacks).toBeGreaterThanOrEqual(1);
    const left = await testDb().select({ outcome: callbacks.outcome }).from(callbacks).where(eq(callbacks.rawBody, tag));
    expect(left.map((l) => l.outcome).sort()).toEqual(["confirming", "forged"]);
    const counts = await testDb().select().from(callbackRefusals).where(eq(callbackRefusals.remoteIp, `purge-${tag}`));
    expect(counts).toHaveLength(0);
    // The strangers' budget ledger of past hours goes too; the current minute's stays.
    await testDb().insert(strangerWrites).values([{ kind: `purge-${tag}`, minute: old, rows: 1 }, { kind: `purge-${tag}`, minute: new Date(), rows: 1 }]);
    await purgeCallbackRefusals(testDb(), new Date(), 7);
    expect(await testDb().$count(strangerWrites, eq(strangerWrites.kind, `purge-${tag}`))).toBe(1);
  });
});
