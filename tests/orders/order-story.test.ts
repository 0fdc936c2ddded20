import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, callbacks, orderEvents, orderNotes, userMerchants } from "@/db/schema";
import { addOrderNote } from "@/lib/orders/add-order-note";
import { getOrderStory } from "@/lib/orders/get-order-story";
import { revealOrderValue } from "@/lib/orders/reveal-order-value";
import { orderNoteSchema, revealSchema } from "@/lib/orders/schemas";
import { deleteSavedSearch } from "@/lib/saved-searches/delete-saved-search";
import { listSavedSearches } from "@/lib/saved-searches/list-saved-searches";
import { saveSearch } from "@/lib/saved-searches/save-search";
import { ctxFor } from "../helpers/ctx";
import { withRollback } from "../helpers/db";
import { createMerchant, createPayin, createPayout, createUser } from "../helpers/factories";

type Tx = Parameters<Parameters<typeof withRollback>[0]>[0];

async function supportOf(tx: Tx, merchantId: number, canReveal = false) {
  const u = await createUser(tx, { role: "support", canReveal });
  await tx.insert(userMerchants).values({ userId: u.id, merchantId });
  return u;
}

/** A pay-out with a request (body naming the account), an answer, a callback and an inquiry on its story. */
async function storied(tx: Tx) {
  const m = await createMerchant(tx);
  const p = await createPayout(tx, { merchantId: m.id, cashAccount: "9988776655", taxNumber: "12345678909", status: "SUCCESS" });
  const ev = (source: "request" | "response" | "inquiry", to: string, raw: string) =>
    tx.insert(orderEvents).values({ orderType: "payout", payoutId: p.id, fromStatus: "APPROVED", toStatus: to, source, rawPayload: raw });
  await ev("request", "SENDING", '{"receiver":{"accountNo":"9988776655","taxNumber":"12345678909"}}');
  await ev("response", "PROCESSING", '{"code":"00"}');
  await tx.insert(callbacks).values({ payoutId: p.id, merchantId: m.id, headers: {}, rawBody: '{"status":"SUCCESS","accountNo":"9988776655"}', signatureValid: true, timestampFresh: true, outcome: "applied" });
  await ev("inquiry", "SUCCESS", '{"status":"SUCCESS"}');
  return { m, p };
}

describe("the order's story", () => {
  it("has the request, the answer, the callback and the inquiry, oldest first, masked for support everywhere", async () => {
    await withRollback(async (tx) => {
      const { m, p } = await storied(tx);
      const support = await supportOf(tx, m.id);
      const story = await getOrderStory({ ctx: ctxFor(tx, support), type: "payout", id: p.id });
      const kinds = story.items.map((i) => (i.kind === "event" ? i.source : i.kind));
      expect(kinds).toEqual(expect.arrayContaining(["request", "response", "callback", "inquiry"]));
      const text = JSON.stringify(story);
      expect(text).not.toContain("9988776655");
      expect(text).not.toContain("12345678909");
      expect(story.order.account).toBe("••••••6655");
      const finance = await createUser(tx, { role: "finance", allMerchants: true });
      expect(JSON.stringify(await getOrderStory({ ctx: ctxFor(tx, finance), type: "payout", id: p.id }))).toContain("9988776655");
    });
  });

  it("an order of another merchant is not found, for the story, a note and a reveal", async () => {
    await withRollback(async (tx) => {
      const { p } = await storied(tx);
      const other = await createMerchant(tx);
      const support = await supportOf(tx, other.id, true);
      const ctx = ctxFor(tx, support);
      await expect(getOrderStory({ ctx, type: "payout", id: p.id })).rejects.toMatchObject({ code: "not_found" });
      await expect(addOrderNote({ ctx, type: "payout", id: p.id, input: { note: "hello" } })).rejects.toMatchObject({ code: "not_found" });
      await expect(revealOrderValue({ ctx, type: "payout", id: p.id, input: { field: "account", reason: "customer asks" } })).rejects.toMatchObject({ code: "not_found" });
    });
  });
});

describe("reveal", () => {
  it("needs the permission an admin grants; with it, a reason goes to the audit log (not the value) and onto the timeline", async () => {
    await withRollback(async (tx) => {
      const { m, p } = await storied(tx);
      const plain = await supportOf(tx, m.id, false);
      const input = revealSchema.parse({ field: "account", reason: "Customer disputes the account" });
      await expect(revealOrderValue({ ctx: ctxFor(tx, plain), type: "payout", id: p.id, input })).rejects.toMatchObject({ code: "forbidden" });
      const allowed = await supportOf(tx, m.id, true);
      const out = await revealOrderValue({ ctx: ctxFor(tx, allowed), type: "payout", id: p.id, input });
      expect(out.value).toBe("9988776655");
      const rows = await tx.select().from(auditLog).where(and(eq(auditLog.targetType, "payout"), eq(auditLog.targetId, String(p.id)), eq(auditLog.action, "order.value_revealed")));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.actorUserId).toBe(allowed.id);
      expect(JSON.stringify(rows[0])).not.toContain("9988776655");
      const story = await getOrderStory({ ctx: ctxFor(tx, plain), type: "payout", id: p.id });
      const shown = story.items.find((i) => i.kind === "audit" && i.action === "order.value_revealed");
      expect(shown).toMatchObject({ actor: allowed.email, detail: "field: account · reason: Customer disputes the account" });
      expect(revealSchema.safeParse({ field: "account", reason: "" }).success).toBe(false);
    });
  });
});

describe("notes", () => {
  it("a note lands on the timeline with its author, leaves the status as it was, and is audited", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const pin = await createPayin(tx, { merchantId: m.id, status: "INIT" });
      const support = await supportOf(tx, m.id);
      await addOrderNote({ ctx: ctxFor(tx, support), type: "payin", id: pin.id, input: orderNoteSchema.parse({ note: "Customer called at 10:00" }) });
      const story = await getOrderStory({ ctx: ctxFor(tx, support), type: "payin", id: pin.id });
      expect(story.items).toEqual([expect.objectContaining({ kind: "note", note: "Customer called at 10:00", author: support.name })]);
      expect(await tx.select().from(orderEvents).where(eq(orderEvents.payinId, pin.id))).toEqual([]);
      expect(story.order.status).toBe("INIT");
      const audit = await tx.select().from(auditLog).where(and(eq(auditLog.action, "order.note_added"), eq(auditLog.targetId, String(pin.id))));
      expect(audit).toHaveLength(1);
    });
  });
});

describe("why an order failed, on support's page", () => {
  it("the story's outcome is the gateway's confirmed reason; a note after it stays a note and changes nothing", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const p = await createPayout(tx, { merchantId: m.id, tradeNo: "T-FAIL-1", status: "FAILED", gatewayCode: "00", gatewayMessage: "Successful" });
      await tx.insert(orderEvents).values({ orderType: "payout", payoutId: p.id, fromStatus: "PROCESSING", toStatus: "FAILED", source: "inquiry", actorName: "callback", gatewayCode: "00", gatewayMessage: "Successful", rawPayload: '{"code":"00","message":"Successful","status":"FAILED","remark":"Beneficiary name does not match"}' });
      const support = await supportOf(tx, m.id);
      await addOrderNote({ ctx: ctxFor(tx, support), type: "payout", id: p.id, input: { note: "Customer asks why" } });
      const story = await getOrderStory({ ctx: ctxFor(tx, support), type: "payout", id: p.id });
      expect(story.outcome).toMatchObject({ source: "inquiry", reason: "Beneficiary name does not match", summary: "Smilepayz confirmed the payment failed: Beneficiary name does not match. No money went to the beneficiary." });
      expect(story.items.map((i) => i.kind)).toEqual(["event", "note"]);
    });
  });

  it("no reason from the gateway: says so and what to ask, quoting the tradeNo", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const p = await createPayout(tx, { merchantId: m.id, tradeNo: "T-FAIL-2", status: "FAILED" });
      await tx.insert(orderEvents).values({ orderType: "payout", payoutId: p.id, fromStatus: "PROCESSING", toStatus: "FAILED", source: "inquiry", rawPayload: '{"code":"00","message":"Successful","status":"FAILED"}' });
      const support = await supportOf(tx, m.id);
      const story = await getOrderStory({ ctx: ctxFor(tx, support), type: "payout", id: p.id });
      expect(story.outcome?.reason).toBeNull();
      expect(story.outcome?.summary).toBe("Smilepayz confirmed the payment failed and gave no reason. No money went to the beneficiary. Ask Smilepayz support for the reason, quoting tradeNo T-FAIL-2.");
    });
  });
});

describe("the notes migration", () => {
  it("moves every note stored as a from = to person event into order_notes, and leaves the other events alone", async () => {
    const move = readFileSync(path.resolve(__dirname, "../../drizzle/app", readdirSync(path.resolve(__dirname, "../../drizzle/app")).find((f) => /_move_notes_out_of_order_events\.sql$/.test(f)) ?? "missing"), "utf8");
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const p = await createPayout(tx, { merchantId: m.id, status: "FAILED" });
      const u = await createUser(tx, { role: "support" });
      await tx.insert(orderEvents).values([
        { orderType: "payout", payoutId: p.id, fromStatus: "PROCESSING", toStatus: "FAILED", source: "inquiry", rawPayload: '{"status":"FAILED"}' },
        { orderType: "payout", payoutId: p.id, fromStatus: "FAILED", toStatus: "FAILED", source: "person", actorUserId: u.id, note: "an old note" },
        { orderType: "payout", payoutId: p.id, fromStatus: "FAILED", toStatus: "FAILED", source: "callback", note: "callback news" },
      ]);
      for (const stmt of move.split("--> statement-breakpoint")) await tx.execute(sql.raw(stmt));
      const events = await tx.select().from(orderEvents).where(eq(orderEvents.payoutId, p.id)).orderBy(orderEvents.id);
      expect(events.map((e) => `${e.fromStatus}>${e.toStatus}:${e.source}`)).toEqual(["PROCESSING>FAILED:inquiry", "FAILED>FAILED:callback"]);
      expect(await tx.select().from(orderNotes).where(eq(orderNotes.payoutId, p.id))).toEqual([expect.objectContaining({ orderType: "payout", authorUserId: u.id, note: "an old note" })]);
    });
  });
});

describe("saved searches", () => {
  it("are each user's own: listed, refused twice under one name, deleted only by their owner", async () => {
    await withRollback(async (tx) => {
      const a = await createUser(tx, { role: "support" });
      const b = await createUser(tx, { role: "support" });
      const s = await saveSearch({ ctx: ctxFor(tx, a), input: { name: "Big THB", query: { currency: "THB", amount: "50000" } } });
      await expect(saveSearch({ ctx: ctxFor(tx, a), input: { name: "Big THB", query: {} } })).rejects.toMatchObject({ code: "conflict" });
      await expect(saveSearch({ ctx: ctxFor(tx, a), input: { name: "Bad", query: { amount: "12" } } })).rejects.toMatchObject({ code: "invalid_input" });
      expect(await listSavedSearches({ ctx: ctxFor(tx, a) })).toEqual([{ id: s.id, name: "Big THB", query: { currency: "THB", amount: "50000" } }]);
      expect(await listSavedSearches({ ctx: ctxFor(tx, b) })).toEqual([]);
      await expect(deleteSavedSearch({ ctx: ctxFor(tx, b), id: s.id })).rejects.toMatchObject({ code: "not_found" });
      await deleteSavedSearch({ ctx: ctxFor(tx, a), id: s.id });
      expect(await listSavedSearches({ ctx: ctxFor(tx, a) })).toEqual([]);
    });
  });
});
