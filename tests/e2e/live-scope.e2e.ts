import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { systemCtx } from "@/lib/context";
import { transitionOrder } from "@/lib/orders/transition-order";
import { createMerchant, createPayout } from "../helpers/factories";
import { freshUser, roleSession, signedIn, type Session } from "./helpers/app";

/** An open GET /api/events over HTTP, as a browser holds it: the order events it carried, and whether it ended. */
function openEvents(s: Session) {
  const seen: { orderId: number; to: string }[] = [];
  const state = { ended: false, ready: false };
  const abort = new AbortController();
  void (async () => {
    const res = await s.fetch("/api/events", { headers: { accept: "text/event-stream" }, signal: abort.signal });
    if (res.status !== 200 || !res.body) throw new Error(`stream refused: ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (block.includes("event: ready")) state.ready = true;
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (block.includes("event: order") && data) seen.push(JSON.parse(data) as { orderId: number; to: string });
      }
    }
  })()
    .catch(() => undefined)
    .finally(() => (state.ended = true));
  return { seen, state, close: () => abort.abort() };
}

async function until(pred: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const move = (id: number, to: "PROCESSING" | "SUCCESS") => transitionOrder(systemCtx(getDb(), "callback"), { type: "payout", id, to, source: "callback" });

let admin: Session;
beforeAll(async () => {
  admin = await roleSession("admin");
});

describe("an open event stream follows the user's access", () => {
  let stream: ReturnType<typeof openEvents> | undefined;
  afterAll(() => stream?.close());

  it("stops carrying a merchant's events once an admin removes the user's access to it, and stays live for the rest", async () => {
    const [m1, m2] = [await createMerchant(getDb()), await createMerchant(getDb())];
    const u = await freshUser("support");
    const set = await admin.json(`/api/users/${u.id}`, "PATCH", { merchantIds: [m1.id, m2.id] });
    expect(set.status).toBe(200);
    stream = openEvents(await signedIn(u.email, u.password, u.secret));
    const s = stream;
    await until(() => s.state.ready, 10_000, "the stream to be live");

    const [p1, p2] = [await createPayout(getDb(), { merchantId: m1.id, status: "SENDING" }), await createPayout(getDb(), { merchantId: m2.id, status: "SENDING" })];
    await move(p1.id, "PROCESSING");
    await until(() => s.seen.some((e) => e.orderId === p1.id), 5_000, "m1's event");

    const removed = await admin.json(`/api/users/${u.id}`, "PATCH", { merchantIds: [m2.id] });
    expect(removed.status).toBe(200);
    // The app re-reads every open stream's access every 3 s: m1's events stop within that (plus a margin).
    await new Promise((r) => setTimeout(r, 4_000));
    const before = s.seen.length;
    await move(p1.id, "SUCCESS"); // m1: must not arrive
    await move(p2.id, "PROCESSING"); // m2: must arrive, after it
    await until(() => s.seen.some((e) => e.orderId === p2.id), 5_000, "m2's event");
    expect(s.seen.slice(before).map((e) => e.orderId)).toEqual([p2.id]);
    expect(s.seen.filter((e) => e.orderId === p1.id).map((e) => e.to)).toEqual(["PROCESSING"]);
    expect(s.state.ended).toBe(false);
  });
});
