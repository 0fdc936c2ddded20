import { and, eq, inArray, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditLog, webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { systemCtx, userCtx } from "@/lib/context";
import { createQueue } from "@/lib/jobs/queue";
import { WEBHOOK_DELIVER } from "@/lib/jobs/queues";
import { countNotifications } from "@/lib/notifications/count-notifications";
import { flagOrder } from "@/lib/orders/flag-order";
import { transitionOrder, transitionOrders } from "@/lib/orders/transition-order";
import { createEndpoint } from "@/lib/webhooks/create-endpoint";
import { deliverWebhook, WEBHOOK_RETRY_WINDOW_MS } from "@/lib/webhooks/deliver-webhook";
import { rollSecret } from "@/lib/webhooks/roll-secret";
import { registerWebhookWorkers } from "@/lib/webhooks/workers";
import type { WebhookEventType } from "@/lib/order-status/webhook-events";
import { testDb } from "../helpers/db";
import { restoreEnvAfterEach, withEnv } from "../helpers/env";
import { createMerchant, createPayin, createPayout, createUser } from "../helpers/factories";
import { selfSignedCert, startReceiver, verifySignature } from "./receiver";

const db = () => testDb();
const tls = selfSignedCert();
let boss: PgBoss | null = null;

restoreEnvAfterEach();

/** A worker process: its own queue connection with the webhook workers, trusting the test receiver's certificate. */
async function startWorker(): Promise<PgBoss> {
  const b = createQueue(inject("databaseUrl"));
  await b.start();
  await registerWebhookWorkers(b, testDb, { ca: tls.cert, pollingIntervalSeconds: 0.5 });
  return b;
}
async function stopWorker(): Promise<void> {
  await boss?.stop({ graceful: false, timeout: 5_000 });
  boss = null;
}

async function setUp(answers: number[] = [], events: WebhookEventType[] = ["payout.succeeded", "payout.failed", "payin.succeeded", "order.flagged"]) {
  const receiver = await startReceiver(tls, answers);
  withEnv({ WEBHOOK_HOST_ALLOWLIST: receiver.host });
  const admin = await createUser(db(), { role: "admin", totpEnabled: true, allMerchants: true });
  const ctx = userCtx(db(), { ...admin, mustChangePassword: false, totpEnabled: true, sessionId: 0 });
  const merchant = await createMerchant(db());
  const { endpoint, secret } = await createEndpoint({ ctx, input: { credentialId: merchant.id, url: receiver.url, events: [...events] } });
  return { receiver, ctx, merchant, endpoint, secret };
}

const deliveries = (endpointId: number) => db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).orderBy(webhookDeliveries.id);

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

afterAll(stopWorker);

describe("webhook delivery", () => {
  beforeAll(async () => {
    boss = await startWorker();
  });

  it("posts a pay-out's final status to an allow-listed https endpoint, signed, with the account masked", async () => {
    const { receiver, merchant, endpoint, secret } = await setUp();
    try {
      const p = await createPayout(db(), { merchantId: merchant.id, status: "PROCESSING", cashAccount: "1234567890" });
      // Not final: no event.
      const r = await transitionOrder(systemCtx(db(), "reconciler"), { type: "payout", id: p.id, to: "SUCCESS", source: "inquiry" });
      expect(r.applied).toBe(true);
      const [req] = await receiver.waitFor(1);
      if (!req) throw new Error("no request");
      const sig = String(req.headers["x-webhook-signature"]);
      expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(sig, req.body, secret)).toBe(true);
      expect(verifySignature(sig, req.body.replace("SUCCESS", "FAILED"), secret)).toBe(false);
      expect(verifySignature(sig, req.body, `${secret}x`)).toBe(false);
      const body = JSON.parse(req.body) as { id: string; type: string; created: number; data: { payout: Record<string, unknown> } };
      expect(body).toMatchObject({ type: "payout.succeeded", data: { payout: { id: p.id, orderNo: p.orderNo, status: "SUCCESS", amountMinor: "150000" } } });
      expect(body.id).toMatch(/^evt_[0-9a-f]{32}$/);
      expect(req.headers["x-webhook-id"]).toBe(body.id);
      expect(body.data.payout.account).not.toContain("1234567890");
      expect(body.data.payout.account).toMatch(/7890$/);
      expect(req.body).not.toContain(secret);
      const rows = await until(() => deliveries(endpoint.id), (d) => d.length > 0);
      expect(rows).toMatchObject([{ eventId: body.id, attempt: 1, ok: true, statusCode: 200, error: null }]);
    } finally {
      await receiver.close();
    }
  });

  it("makes no event for a status that is not final or not subscribed, nor for a change that rolls back", async () => {
    const { receiver, merchant, endpoint } = await setUp([], ["payout.failed"]);
    try {
      const sys = systemCtx(db(), "dispatcher");
      const a = await createPayout(db(), { merchantId: merchant.id, status: "APPROVED" });
      await transitionOrder(sys, { type: "payout", id: a.id, to: "SENDING", source: "system" });
      await transitionOrder(sys, { type: "payout", id: a.id, to: "PROCESSING", source: "response" });
      const b = await createPayout(db(), { merchantId: merchant.id, status: "PROCESSING" });
      await transitionOrder(sys, { type: "payout", id: b.id, to: "SUCCESS", source: "inquiry" }); // not subscribed
      const c = await createPayout(db(), { merchantId: merchant.id, status: "PROCESSING" });
      await expect(
        db().transaction(async (tx) => {
          await transitionOrder(systemCtx(tx, "dispatcher"), { type: "payout", id: c.id, to: "FAILED", source: "inquiry" });
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      const d = await createPayout(db(), { merchantId: merchant.id, status: "PROCESSING" });
      await transitionOrder(sys, { type: "payout", id: d.id, to: "FAILED", source: "inquiry" });
      const got = await receiver.waitFor(1);
      await new Promise((r) => setTimeout(r, 1500));
      expect(got).toHaveLength(1);
      expect(JSON.parse(got[0]?.body ?? "{}")).toMatchObject({ type: "payout.failed", data: { payout: { id: d.id, status: "FAILED" } } });
      const stored = await db().select().from(webhookEvents).where(eq(webhookEvents.merchantId, merchant.id));
      // Stored once each (the credential has an endpoint), delivered only where subscribed; nothing for a, nor c.
      expect(stored.map((e) => [e.type, e.orderId]).sort()).toEqual([["payout.failed", d.id], ["payout.succeeded", b.id]]);
      expect((await deliveries(endpoint.id)).length).toBe(1);
    } finally {
      await receiver.close();
    }
  });

  it("queues one event per final change of a batch, each with its own id, and none for a credential without an endpoint", async () => {
    const { receiver, merchant } = await setUp();
    try {
      const other = await createMerchant(db());
      const mine = await Promise.all([1, 2, 3].map(() => createPayout(db(), { merchantId: merchant.id, status: "PROCESSING" })));
      const theirs = await Promise.all([1, 2].map(() => createPayout(db(), { merchantId: other.id, status: "PROCESSING" })));
      const to = ["SUCCESS", "FAILED", "SUCCESS"] as const;
      const r = await transitionOrders(systemCtx(db(), "callback"), "payout", [
        ...mine.map((p, i) => ({ id: p.id, to: to[i] ?? "SUCCESS", source: "inquiry" as const })),
        ...theirs.map((p) => ({ id: p.id, to: "SUCCESS" as const, source: "inquiry" as const })),
      ]);
      expect(r.every((x) => x.applied)).toBe(true);
      const got = await receiver.waitFor(3);
      const bodies = got.map((g) => JSON.parse(g.body) as { id: string; type: string; data: { payout: { id: number } } });
      expect(bodies.map((b) => [b.data.payout.id, b.type]).sort()).toEqual(mine.map((p, i) => [p.id, to[i] === "FAILED" ? "payout.failed" : "payout.succeeded"]).sort());
      expect(new Set(bodies.map((b) => b.id)).size).toBe(3);
      await new Promise((res) => setTimeout(res, 1500));
      const stored = await db().select().from(webhookEvents).where(inArray(webhookEvents.orderId, [...mine, ...theirs].map((p) => p.id)));
      expect(stored.map((e) => e.orderId).sort()).toEqual(mine.map((p) => p.id).sort());
    } finally {
      await receiver.close();
    }
  });

  it("delivers a payroll's backlog batch after batch, not one event per poll of the workers", async () => {
    const { receiver, merchant } = await setUp();
    try {
      const n = 60;
      const payouts = await Promise.all(Array.from({ length: n }, () => createPayout(db(), { merchantId: merchant.id, status: "PROCESSING" })));
      await transitionOrders(systemCtx(db(), "callback"), "payout", payouts.map((p) => ({ id: p.id, to: "SUCCESS" as const, source: "inquiry" as const })));
      // One event per fetch took this worker (0.5 s poll) 30 s for these 60; pg-boss fetches full batches back to back.
      const got = await receiver.waitFor(n, 15_000);
      const ids = got.map((g) => (JSON.parse(g.body) as { data: { payout: { id: number } } }).data.payout.id);
      expect(new Set(ids)).toEqual(new Set(payouts.map((p) => p.id)));
    } finally {
      await receiver.close();
    }
  });

  it("sends a pay-in's success and an order's first flag", async () => {
    const { receiver, merchant } = await setUp();
    try {
      const pi = await createPayin(db(), { merchantId: merchant.id, status: "PROCESSING" });
      await transitionOrder(systemCtx(db(), "callback"), { type: "payin", id: pi.id, to: "SUCCESS", source: "inquiry" });
      const po = await createPayout(db(), { merchantId: merchant.id, status: "UNKNOWN" });
      await flagOrder(systemCtx(db(), "reconciler"), { type: "payout", id: po.id, reason: "Still unknown after the last inquiry" });
      await flagOrder(systemCtx(db(), "reconciler"), { type: "payout", id: po.id, reason: "Again" }); // already flagged: no second event
      const got = await receiver.waitFor(2);
      await new Promise((r) => setTimeout(r, 1500));
      const types = got.map((g) => (JSON.parse(g.body) as { type: string }).type).sort();
      expect(types).toEqual(["order.flagged", "payin.succeeded"]);
    } finally {
      await receiver.close();
    }
  });

  it("signs with both secrets while a rolled secret overlaps", async () => {
    const { receiver, ctx, merchant, endpoint, secret: old } = await setUp();
    try {
      const { secret: fresh } = await rollSecret({ ctx, input: { overlapHours: 24 }, params: { id: String(endpoint.id) } });
      expect(fresh).not.toBe(old);
      const p = await createPayout(db(), { merchantId: merchant.id, status: "PROCESSING" });
      await transitionOrder(systemCtx(db(), "reconciler"), { type: "payout", id: p.id, to: "SUCCESS", source: "inquiry" });
      const [req] = await receiver.waitFor(1);
      const sig = String(req?.headers["x-webhook-signature"]);
      expect(sig.match(/v1=/g)).toHaveLength(2);
      expect(verifySignature(sig, req?.body ?? "", fresh)).toBe(true);
      expect(verifySignature(sig, req?.body ?? "", old)).toBe(true);
      const [row] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
      expect(row?.secretEnc).not.toContain(fresh);
      expect(row?.previousSecretEnc).not.toContain(old);
    } finally {
      await receiver.close();
    }
  });

  it("retries a failed delivery after the worker restarts, with the same event", async () => {
    const { receiver, merchant, endpoint, secret } = await setUp([500]);
    try {
      const p = await createPayout(db(), { merchantId: merchant.id, status: "PROCESSING" });
      await transitionOrder(systemCtx(db(), "reconciler"), { type: "payout", id: p.id, to: "FAILED", source: "inquiry" });
      await receiver.waitFor(1);
      const failed = await until(() => deliveries(endpoint.id), (d) => d.length === 1);
      expect(failed).toMatchObject([{ attempt: 1, ok: false, statusCode: 500, error: "answered HTTP 500" }]);
      const job = () =>
        db().execute<{ id: string; state: string }>(sql`select id, state from pgboss.job where name = ${WEBHOOK_DELIVER} and data->>'endpointId' = ${String(endpoint.id)}`);
      expect((await until(job, (j) => j[0]?.state === "retry"))[0]?.state).toBe("retry");
      await stopWorker(); // the process goes away while the retry waits in PostgreSQL
      // The backoff's first wait (a minute) has passed:
      await db().execute(sql`update pgboss.job set start_after = now() where name = ${WEBHOOK_DELIVER} and data->>'endpointId' = ${String(endpoint.id)}`);
      boss = await startWorker();
      const [first, second] = await receiver.waitFor(2);
      expect(second?.headers["x-webhook-id"]).toBe(first?.headers["x-webhook-id"]);
      expect(second?.body).toBe(first?.body);
      expect(verifySignature(String(second?.headers["x-webhook-signature"]), second?.body ?? "", secret)).toBe(true);
      const rows = await until(() => deliveries(endpoint.id), (d) => d.length === 2);
      expect(rows.map((d) => [d.attempt, d.ok, d.statusCode])).toEqual([[1, false, 500], [2, true, 200]]);
    } finally {
      await receiver.close();
    }
  });
});

describe("an endpoint failing for three days", () => {
  it("is disabled, audited, and its events stop retrying", async () => {
    const { receiver, merchant, endpoint } = await setUp([500, 500]);
    try {
      const created = new Date(Date.now() - WEBHOOK_RETRY_WINDOW_MS - 60_000);
      const eventId = `evt_${"a".repeat(24)}${endpoint.id.toString(16).padStart(8, "0")}`;
      await db().insert(webhookEvents).values({ id: eventId, merchantId: merchant.id, type: "payout.succeeded", orderType: "payout", orderId: 1, payload: { payout: {} }, createdAt: created });
      await db().update(webhookEndpoints).set({ failingSince: created }).where(eq(webhookEndpoints.id, endpoint.id));
      expect(await deliverWebhook(db(), { eventId, endpointId: endpoint.id }, { ca: tls.cert })).toBe("given_up");
      const [row] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
      expect(row).toMatchObject({ enabled: false, disabledReason: "Every delivery failed for 3 days" });
      const audits = await db().select().from(auditLog).where(and(eq(auditLog.action, "webhook_endpoint.disabled"), eq(auditLog.targetType, "webhook_endpoint"), eq(auditLog.targetId, String(endpoint.id))));
      expect(audits).toHaveLength(1);
      // The admins of that credential see it on the bell.
      const admin = await createUser(db(), { role: "admin", totpEnabled: true, allMerchants: true });
      const bell = await countNotifications({ ctx: userCtx(db(), { ...admin, mustChangePassword: false, totpEnabled: true, sessionId: 0 }) });
      expect(bell.items.find((i) => i.kind === "webhooks_disabled")).toMatchObject({ count: expect.any(Number), href: "/webhooks" });
      // Disabled: automatic deliveries stop.
      expect(await deliverWebhook(db(), { eventId, endpointId: endpoint.id }, { ca: tls.cert })).toBe("skipped");
    } finally {
      await receiver.close();
    }
  });
});
