import { eq } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { auditLog, orderEvents, payouts } from "@/db/schema";
import { systemCtx, userCtx } from "@/lib/context";
import { ORDER_STATUS_CHANNEL, transitionOrder } from "@/lib/orders/transition-order";
import { canTransition, isFinal, PAYOUT_TRANSITIONS, predecessors } from "@/lib/order-status/transitions";
import { testDb } from "../helpers/db";
import { createPayout, createUser } from "../helpers/factories";

const db = () => testDb();
const events = (id: number) => db().select().from(orderEvents).where(eq(orderEvents.payoutId, id)).orderBy(orderEvents.id);

describe("the transition table", () => {
  it("has no way out of a final status, and every target is reachable from somewhere", () => {
    for (const [from, next] of Object.entries(PAYOUT_TRANSITIONS)) {
      if (["SUCCESS", "FAILED", "EXPIRED", "REJECTED", "NOT_ACCEPTED", "CANCELLED"].includes(from)) expect(next).toEqual([]);
      for (const to of next) expect(predecessors("payout", to)).toContain(from);
    }
    expect(isFinal("payout", "SUCCESS")).toBe(true);
    expect(isFinal("payout", "UNKNOWN")).toBe(false);
    expect(canTransition("payout", "UNKNOWN", "SENDING")).toBe(false); // never a resend
  });
});

describe("transitionOrder", () => {
  it("applies an allowed change with its event, audit row (who acted) and notification, in one commit", async () => {
    const listener = postgres(inject("databaseUrl"), { max: 1, onnotice: () => undefined });
    const got: string[] = [];
    await listener.listen(ORDER_STATUS_CHANNEL, (p) => got.push(p));
    try {
      const u = await createUser(db(), { role: "approver" });
      const p = await createPayout(db());
      const ctx = userCtx(db(), { ...u, mustChangePassword: false, totpEnabled: true, sessionId: 0 });
      const r = await transitionOrder(ctx, { type: "payout", id: p.id, to: "APPROVED", source: "person", set: { approvedBy: u.id } });
      expect(r).toMatchObject({ applied: true, from: "PENDING_APPROVAL", to: "APPROVED" });
      const [row] = await db().select().from(payouts).where(eq(payouts.id, p.id));
      expect(row).toMatchObject({ status: "APPROVED", approvedBy: u.id, version: 1 });
      expect(await events(p.id)).toMatchObject([{ fromStatus: "PENDING_APPROVAL", toStatus: "APPROVED", source: "person", actorUserId: u.id }]);
      const audits = await db().select().from(auditLog).where(eq(auditLog.targetId, String(p.id)));
      expect(audits.find((a) => a.action === "payout.status_changed")).toMatchObject({ actorKind: "user", actorUserId: u.id });
      for (let i = 0; i < 50 && !got.some((g) => g.includes(`"id":${p.id},`)); i++) await new Promise((res) => setTimeout(res, 20));
      const [event] = await events(p.id);
      expect(JSON.parse(got.find((g) => g.includes(`"id":${p.id},`)) ?? "{}")).toMatchObject({ eventId: event?.id, type: "payout", from: "PENDING_APPROVAL", to: "APPROVED" });
    } finally {
      await listener.end({ timeout: 5 });
    }
  });

  it("refuses a change the table does not allow and writes nothing", async () => {
    const p = await createPayout(db(), { status: "APPROVED" });
    const r = await transitionOrder(systemCtx(db(), "dispatcher"), { type: "payout", id: p.id, to: "SUCCESS", source: "callback" });
    expect(r).toEqual({ applied: false, current: "APPROVED", reason: "not_allowed" });
    expect(await events(p.id)).toEqual([]);
    const narrowed = await transitionOrder(systemCtx(db(), "dispatcher"), { type: "payout", id: p.id, to: "CANCELLED", source: "system", from: ["PENDING_APPROVAL"] });
    expect(narrowed.applied).toBe(false);
  });

  it("names the system actor on events and audit rows", async () => {
    const p = await createPayout(db(), { status: "APPROVED" });
    await transitionOrder(systemCtx(db(), "dispatcher"), { type: "payout", id: p.id, to: "SENDING", source: "system" });
    expect(await events(p.id)).toMatchObject([{ toStatus: "SENDING", actorUserId: null, actorName: "dispatcher" }]);
    const audits = await db().select().from(auditLog).where(eq(auditLog.targetId, String(p.id)));
    expect(audits[0]).toMatchObject({ actorKind: "system", actorName: "dispatcher", actorUserId: null });
  });

  it("lets exactly one of many racing final transitions win, and a final status never changes again", async () => {
    const p = await createPayout(db(), { status: "PROCESSING" });
    const ctx = systemCtx(db(), "callback");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        transitionOrder(ctx, { type: "payout", id: p.id, to: i % 2 ? "SUCCESS" : "FAILED", source: "callback" }),
      ),
    );
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    const finals = (await events(p.id)).filter((e) => ["SUCCESS", "FAILED"].includes(e.toStatus));
    expect(finals).toHaveLength(1);
    // Even a raw UPDATE (a console, a bug) cannot move a final status: the database refuses it.
    const other = finals[0]?.toStatus === "SUCCESS" ? "FAILED" : "SUCCESS";
    await expect(db().update(payouts).set({ status: other }).where(eq(payouts.id, p.id))).rejects.toMatchObject({ cause: { code: "23514" } });
  });

  it("says not_found for an order that does not exist", async () => {
    const r = await transitionOrder(systemCtx(db(), "callback"), { type: "payout", id: 987654321, to: "SUCCESS", source: "callback" });
    expect(r).toEqual({ applied: false, current: null, reason: "not_found" });
  });
});
