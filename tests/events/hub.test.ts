import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemCtx, withDb } from "@/lib/context";
import { openEventStream } from "@/lib/events/open-stream";
import type { LiveEvent } from "@/lib/events/read-events";
import { transitionOrder } from "@/lib/orders/transition-order";
import { createSession } from "@/lib/auth/sessions";
import { testDb } from "../helpers/db";
import { createMerchant, createPayout, createUser } from "../helpers/factories";
import { FrameReader, liveForTest } from "./helpers";

const db = () => testDb();
let live: Awaited<ReturnType<typeof liveForTest>>;
beforeAll(async () => {
  live = await liveForTest();
});
afterAll(async () => live?.close());

const ctx = () => systemCtx(db(), "callback");
const toProcessing = (id: number) => transitionOrder(ctx(), { type: "payout", id, to: "PROCESSING", source: "response" });
async function lastEventId(): Promise<number> {
  const [r] = await live.sql<{ id: string }[]>`select coalesce(max(id), 0)::text as id from order_events`;
  return Number(r?.id ?? 0);
}

describe("the event hub (one LISTEN per process)", () => {
  it("publishes a later id only after an earlier id's transaction has ended: a late commit is neither lost nor out of order", async () => {
    const m = await createMerchant(db());
    const [a, b] = [await createPayout(db(), { merchantId: m.id, status: "SENDING" }), await createPayout(db(), { merchantId: m.id, status: "SENDING" })];
    const seen: LiveEvent[] = [];
    const sub = live.hub.subscribe((batch) => seen.push(...batch.filter((e) => e.merchantId === m.id)));
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let slowTook = () => {};
    const took = new Promise<void>((r) => (slowTook = r));
    // A takes its event id first and commits last.
    const slow = db().transaction(async (tx) => {
      await transitionOrder(withDb(ctx(), tx), { type: "payout", id: a.id, to: "PROCESSING", source: "response" });
      slowTook();
      await gate;
    });
    await took;
    await toProcessing(b.id);
    live.hub.kick();
    await new Promise((r) => setTimeout(r, 400));
    expect(seen).toEqual([]); // b is committed, but a smaller id is still in flight
    release();
    await slow;
    await live.hub.settle();
    expect(seen.map((e) => e.orderId)).toEqual([a.id, b.id]);
    expect(seen[0]?.id).toBeLessThan(seen[1]?.id ?? 0);
    expect(seen[0]).toMatchObject({ type: "payout", merchantId: m.id, from: "SENDING", to: "PROCESSING", source: "response", amountDisplay: "1,500.00 THB" });
    sub.unsubscribe();
  });

  it("a stream resumed by Last-Event-ID replays what it missed, then goes live: every event once, in order", async () => {
    const m = await createMerchant(db());
    const u = await createUser(db(), { role: "support", allMerchants: true });
    const token = await createSession(db(), { userId: u.id, ip: null, userAgent: null });
    const [s] = await live.sql<{ id: string }[]>`select id::text from sessions where user_id = ${u.id}`;
    expect(token).toBeTruthy();
    const sessionId = Number(s?.id);
    const ps = await Promise.all(Array.from({ length: 6 }, () => createPayout(db(), { merchantId: m.id, status: "SENDING" })));
    await live.hub.settle();
    const before = await lastEventId();
    for (const p of ps.slice(0, 3)) await toProcessing(p.id); // missed while away
    await live.hub.settle();
    const reader = new FrameReader(await openEventStream(live, { sessionId, lastEventId: before }));
    // Live ones land while the replay may still be running: the hand-over must neither drop nor repeat them.
    await Promise.all(ps.slice(3).map((p) => toProcessing(p.id)));
    live.hub.kick();
    await reader.until(() => reader.orders().filter((e) => e.merchantId === m.id).length >= 6);
    await new Promise((r) => setTimeout(r, 200));
    const mine = reader.orders().filter((e) => e.merchantId === m.id);
    expect(mine.map((e) => e.orderId).sort()).toEqual(ps.map((p) => p.id).sort());
    const ids = reader.orders().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(reader.frames.some((f) => f.event === "ready")).toBe(true);
    reader.cancel();
  });

  it("gives every stream the batch's events as bytes of its own: one reader altering what it read changes nothing another reads", async () => {
    const m = await createMerchant(db());
    const sessions: number[] = [];
    for (let i = 0; i < 2; i++) {
      const u = await createUser(db(), { role: "support", allMerchants: true });
      await createSession(db(), { userId: u.id, ip: null, userAgent: null });
      const [s] = await live.sql<{ id: string }[]>`select id::text from sessions where user_id = ${u.id}`;
      sessions.push(Number(s?.id));
    }
    await live.hub.settle();
    const from = await lastEventId();
    const open = async (sessionId: number | undefined) => (await openEventStream(live, { sessionId: sessionId ?? 0, lastEventId: from })).getReader();
    const a = await open(sessions[0]);
    const b = await open(sessions[1]);
    const ps = await Promise.all(Array.from({ length: 3 }, () => createPayout(db(), { merchantId: m.id, status: "SENDING" })));
    await live.hub.settle(); // the hand-over (replay up to the watermark) is done before the batch below
    await Promise.all(ps.map((p) => toProcessing(p.id)));
    await live.hub.settle();
    const decoder = new TextDecoder();
    const readOrders = async (reader: ReadableStreamDefaultReader<Uint8Array>, scribble: boolean) => {
      let text = "";
      const want = (t: string) => ps.every((p) => t.includes(`"orderId":${p.id},`));
      while (!want(text)) {
        const { value, done } = await reader.read();
        if (done || !value) break;
        text += decoder.decode(value);
        if (scribble) value.fill(0x20); // what a consumer may do with a chunk it owns
      }
      return text;
    };
    const textA = await readOrders(a, true);
    const textB = await readOrders(b, false);
    const orders = (t: string) => t.split("\n").filter((l) => l.startsWith("data: {") && l.includes(`"merchantId":${m.id},`)).map((l) => JSON.parse(l.slice(6)) as LiveEvent);
    expect(orders(textA).map((e) => e.orderId).sort()).toEqual(ps.map((p) => p.id).sort());
    expect(orders(textB)).toEqual(orders(textA));
    expect(orders(textB).every((e) => e.to === "PROCESSING" && e.from === "SENDING")).toBe(true);
    await Promise.all([a.cancel(), b.cancel()]);
  });

  it("stops carrying a merchant's events once the user's access to it is removed, and closes for a disabled user", async () => {
    const [m1, m2] = [await createMerchant(db()), await createMerchant(db())];
    const u = await createUser(db(), { role: "finance" });
    await live.sql`insert into user_merchants (user_id, merchant_id) values (${u.id}, ${m1.id}), (${u.id}, ${m2.id})`;
    await createSession(db(), { userId: u.id, ip: null, userAgent: null });
    const [s] = await live.sql<{ id: string }[]>`select id::text from sessions where user_id = ${u.id}`;
    const reader = new FrameReader(await openEventStream(live, { sessionId: Number(s?.id), lastEventId: null }));
    await reader.until(() => reader.frames.some((f) => f.event === "ready"));
    const p1 = await createPayout(db(), { merchantId: m1.id, status: "SENDING" });
    const p2 = await createPayout(db(), { merchantId: m2.id, status: "SENDING" });
    await toProcessing(p1.id);
    live.hub.kick();
    await reader.until(() => reader.orders().some((e) => e.orderId === p1.id));

    await live.sql`delete from user_merchants where user_id = ${u.id} and merchant_id = ${m1.id}`;
    await live.watch.tick();
    await transitionOrder(ctx(), { type: "payout", id: p1.id, to: "SUCCESS", source: "callback" });
    await toProcessing(p2.id);
    live.hub.kick();
    await reader.until(() => reader.orders().some((e) => e.orderId === p2.id));
    expect(reader.orders().filter((e) => e.orderId === p1.id).map((e) => e.to)).toEqual(["PROCESSING"]);

    await live.sql`update users set disabled_at = now() where id = ${u.id}`;
    await live.watch.tick();
    await reader.until(() => reader.done);
  });

  it("closes the stream of a revoked session within one access tick", async () => {
    const u = await createUser(db(), { role: "approver", allMerchants: true });
    await createSession(db(), { userId: u.id, ip: null, userAgent: null });
    const [s] = await live.sql<{ id: string }[]>`select id::text from sessions where user_id = ${u.id}`;
    const reader = new FrameReader(await openEventStream(live, { sessionId: Number(s?.id), lastEventId: null }));
    await reader.until(() => reader.frames.some((f) => f.event === "ready"));
    await live.watch.tick();
    expect(reader.done).toBe(false);
    await live.sql`update sessions set revoked_at = now() where id = ${Number(s?.id)}`;
    await live.watch.tick();
    await reader.until(() => reader.done);
  });

  it("closes a stream whose reader does not keep up, instead of buffering without bound", async () => {
    const m = await createMerchant(db());
    const u = await createUser(db(), { role: "support", allMerchants: true });
    await createSession(db(), { userId: u.id, ip: null, userAgent: null });
    const [s] = await live.sql<{ id: string }[]>`select id::text from sessions where user_id = ${u.id}`;
    const before = live.hub.size;
    // Never read: the stream's queue fills up.
    await openEventStream(live, { sessionId: Number(s?.id), lastEventId: null }, { maxBufferedBytes: 2_000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(live.hub.size).toBe(before + 1);
    const ps = await Promise.all(Array.from({ length: 20 }, () => createPayout(db(), { merchantId: m.id, status: "SENDING" })));
    await Promise.all(ps.map((p) => toProcessing(p.id)));
    await live.hub.settle();
    expect(live.hub.size).toBe(before);
  });
});
