import { readFileSync } from "node:fs";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { merchants, orderEvents, payins } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { buildPayinRequest } from "@/lib/payins/build-payin-request";
import { createPayin } from "@/lib/payins/create-payin";
import { dispatchPayin } from "@/lib/gateway-work/dispatch-payin";
import { inquireOrder } from "@/lib/gateway-work/inquire-order";
import { revokePayerLink, renewPayerLink } from "@/lib/payins/payer-link";
import { findPublicPayin } from "@/lib/payins/public-payin";
import { publicStatusStream } from "@/lib/payins/public-status-stream";
import { liveDeps } from "@/lib/events/live";
import { PAYIN_INQUIRY } from "@/lib/jobs/queues";
import { createPayinSchema } from "@/lib/payins/schemas";
import type { SandboxGateway } from "@/sandbox-gateway";
import { SANDBOX_ACCOUNT_NAME } from "@/sandbox-gateway";
import { ownerDb, testDb } from "../helpers/db";
import { readGatewayOrder, scenario } from "../helpers/gateway";
import { gatewayCredential, key, person, sandboxForFile } from "../payouts/helpers";

// The callbackUrl in the request comes from APP_BASE_URL, which `npm start` sets; this process sets the fixture's.
process.env.APP_BASE_URL = "https://backoffice.example.com";
// A short client timeout so the timeout fault takes under a second.
process.env.GATEWAY_TIMEOUT_MS = "800";
resetEnvCache();

let gw: SandboxGateway;
let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;
const sb = sandboxForFile();
beforeAll(() => {
  ({ gw, cred, finance } = sb);
});
let live = false;
afterAll(async () => {
  if (live) {
    const deps = await liveDeps();
    await deps.hub.close();
    await deps.sql.end({ timeout: 1 });
  }
});

let seq = 0;
const orderNo = () => `TP${Date.now()}${seq++}`;
const input = (over: Record<string, unknown> = {}) =>
  createPayinSchema.parse({ credentialId: cred.m.id, region: "TH", method: "QRPAY", amount: "300", purpose: "Invoice 2026-118", payerName: "Somchai Jaidee", payerBank: "KBANK", payerAccount: "123-4-56789-0", ...over });
const rowOf = async (id: number) => (await testDb().select().from(payins).where(eq(payins.id, id)))[0];
const eventsOf = (id: number) => testDb().select().from(orderEvents).where(eq(orderEvents.payinId, id)).orderBy(asc(orderEvents.id));
const tokenOf = (link: string | null) => (link ?? "").split("/pay/")[1] ?? "";
async function inquiryJobs(id: number): Promise<number> {
  const rows = await testDb().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${PAYIN_INQUIRY} and data->>'payinId' = ${String(id)} and state in ('created', 'retry')`);
  return rows[0]?.n ?? 0;
}

describe("the pay-in request on the wire", () => {
  it("is exactly the fixture: the fields of the public API summary, in order, area left out for Thailand", async () => {
    const fixture = readFileSync("tests/fixtures/payins/payin-request-th-qrpay.json", "utf8").trim();
    const { payin } = await createPayin({
      ctx: finance.ctx,
      input: input({ orderNo: "THPAYINFIXTURE01", expirySeconds: "900", redirectUrl: "https://shop.example.com/thanks" }),
      idempotencyKey: key(),
    });
    const row = await rowOf(payin.id);
    if (!row) throw new Error("no row");
    const body = JSON.stringify(buildPayinRequest(row, { merchantId: "sandbox-20011", callbackBaseUrl: null }));
    expect(body).toBe(fixture);
  });

  it("is sent once, signed and timestamped: the gateway accepts it and stores exactly the bytes on the timeline", async () => {
    const { payin } = await createPayin({ ctx: finance.ctx, input: input({ orderNo: orderNo() }), idempotencyKey: key() });
    expect(payin.status).toBe("CREATING");
    expect(await dispatchPayin(testDb(), payin.id)).toMatchObject({ kind: "sent", outcome: "accepted", status: "PROCESSING" });
    // A second run (a retried job) finds it answered and sends nothing.
    expect(await dispatchPayin(testDb(), payin.id)).toEqual({ kind: "skipped", status: "PROCESSING" });
    const row = await rowOf(payin.id);
    const gwOrder = await readGatewayOrder(gw, payin.orderNo);
    expect(row).toMatchObject({ status: "PROCESSING", tradeNo: gwOrder?.order.tradeNo });
    expect(row?.qrString).toMatch(/^000201/);
    expect(row?.paymentUrl).toContain(`/cashier/${gwOrder?.order.tradeNo}`);
    expect(row?.payAmountMinor).not.toBeNull();
    expect(row?.payAmountMinor).toBeLessThan(30_000n);
    expect(row?.expiresAt?.getTime()).toBe((row?.sentAt?.getTime() ?? 0) + 3600 * 1000);
    const ev = await eventsOf(payin.id);
    expect(ev.map((e) => [e.fromStatus, e.toStatus, e.source])).toEqual([
      [null, "CREATING", "person"],
      ["CREATING", "CREATING", "request"],
      ["CREATING", "PROCESSING", "response"],
    ]);
    expect((gwOrder?.order as unknown as { request: unknown }).request).toEqual(JSON.parse(ev[1]?.rawPayload ?? "{}"));
    expect(await inquiryJobs(payin.id)).toBe(1);
  });

  it("an ambiguous answer is UNKNOWN, asked with inquiry-status tradeType 1, never resent", async () => {
    const no = orderNo();
    await scenario(gw, { orderNo: no, count: 5, fate: { requestFault: "accept_then_timeout", afterMs: 3_600_000, callback: "none" } });
    const { payin } = await createPayin({ ctx: finance.ctx, input: input({ orderNo: no }), idempotencyKey: key() });
    expect(await dispatchPayin(testDb(), payin.id)).toMatchObject({ outcome: "unknown", status: "UNKNOWN" });
    expect(await inquiryJobs(payin.id)).toBe(1);
    expect(await dispatchPayin(testDb(), payin.id)).toEqual({ kind: "skipped", status: "UNKNOWN" });
    expect(await inquireOrder(testDb(), "payin", payin.id)).toEqual({ kind: "resolved", status: "PROCESSING" });
    const n = await ownerDb().execute<{ n: number }>(sql`select count(*)::int as n from sandbox_gateway.orders where order_no = ${no}`);
    expect(n[0]?.n).toBe(1);
  });

  it("a dispatch that died after sending is not sent again: UNKNOWN and an inquiry", async () => {
    const { payin } = await createPayin({ ctx: finance.ctx, input: input({ orderNo: orderNo() }), idempotencyKey: key() });
    await testDb().update(payins).set({ sentAt: new Date() }).where(eq(payins.id, payin.id));
    expect(await dispatchPayin(testDb(), payin.id)).toEqual({ kind: "orphaned" });
    expect((await rowOf(payin.id))?.status).toBe("UNKNOWN");
    expect(await readGatewayOrder(gw, payin.orderNo)).toBeNull();
  });
});

describe("creating", () => {
  it("the same Idempotency-Key and body returns the same pay-in (no second link); another body is a conflict", async () => {
    const k = key();
    const i = input({ orderNo: orderNo() });
    const a = await createPayin({ ctx: finance.ctx, input: i, idempotencyKey: k });
    const b = await createPayin({ ctx: finance.ctx, input: i, idempotencyKey: k });
    expect(a.payin.payerLink).toMatch(/\/pay\/[A-Za-z0-9_-]{43}$/);
    expect(b).toMatchObject({ replayed: true, payin: { id: a.payin.id, payerLink: null } });
    await expect(createPayin({ ctx: finance.ctx, input: input({ amount: "301" }), idempotencyKey: k })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("the payer's token", () => {
  it("finds its own pay-in only; a guessed or revoked token finds nothing; a new link retires the old one", async () => {
    const a = await createPayin({ ctx: finance.ctx, input: input({ orderNo: orderNo() }), idempotencyKey: key() });
    const b = await createPayin({ ctx: finance.ctx, input: input({ orderNo: orderNo() }), idempotencyKey: key() });
    const ta = tokenOf(a.payin.payerLink);
    expect((await findPublicPayin(testDb(), ta))?.id).toBe(a.payin.id);
    expect((await findPublicPayin(testDb(), tokenOf(b.payin.payerLink)))?.id).toBe(b.payin.id);
    expect(await findPublicPayin(testDb(), "A".repeat(43))).toBeNull();
    expect(await findPublicPayin(testDb(), "short")).toBeNull();
    // Only the hash is stored.
    const row = await rowOf(a.payin.id);
    expect(JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(ta);
    const renewed = await renewPayerLink({ ctx: finance.ctx, id: a.payin.id });
    expect(await findPublicPayin(testDb(), ta)).toBeNull();
    const tn = tokenOf(renewed.payerLink);
    expect((await findPublicPayin(testDb(), tn))?.view).toMatchObject({ orderNo: a.payin.orderNo, status: "WAITING" });
    await revokePayerLink({ ctx: finance.ctx, id: a.payin.id });
    expect(await findPublicPayin(testDb(), tn)).toBeNull();
  });
});

describe("the payer's page", () => {
  const INTERNAL = "INTERNAL: VIP client, margin 12%";
  /** The payer-facing fields, and nothing else: no purpose, creator, merchant, tradeNo or row id. */
  const PUBLIC_KEYS = ["amountDisplay", "currency", "description", "expiresAt", "merchantName", "method", "orderNo", "payAmountDisplay", "payAmountPlain", "paymentUrl", "qrString", "receiverAccountName", "receiverBankName", "redirectUrl", "status", "vaNumber"];

  it("shows the payer description and never the purpose, the creator or an internal id, in its view and its status stream", async () => {
    const { payin } = await createPayin({ ctx: finance.ctx, input: input({ orderNo: orderNo(), purpose: INTERNAL, payerDescription: "Your order 1001 at Demo Shop" }), idempotencyKey: key() });
    expect(payin).toMatchObject({ purpose: INTERNAL, payerDescription: "Your order 1001 at Demo Shop" });
    expect((await rowOf(payin.id))?.payerDescription).toBe("Your order 1001 at Demo Shop");
    await dispatchPayin(testDb(), payin.id);
    const found = await findPublicPayin(testDb(), tokenOf(payin.payerLink));
    if (!found) throw new Error("the payer's token found nothing");
    expect(found.view.description).toBe("Your order 1001 at Demo Shop");
    expect(Object.keys(found.view).sort()).toEqual(PUBLIC_KEYS);
    const row = await rowOf(payin.id);
    const hidden = [INTERNAL, "margin", finance.user.name, finance.user.email, row?.tradeNo ?? "no tradeNo", `"id":${payin.id}`];
    // The gateway's cashier address carries its tradeNo: the payer opens it to pay, so only it may hold one.
    const outsideCashier = (v: Record<string, unknown>) => JSON.stringify({ ...v, paymentUrl: null });
    expect(found.view.paymentUrl).toBeTruthy();
    for (const bad of hidden) expect(outsideCashier({ ...found.view })).not.toContain(bad);

    // The status stream sends the same public view (its first event, at once).
    live = true;
    const abort = new AbortController();
    const res = await publicStatusStream(testDb(), found.id, abort.signal);
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no stream body");
    const first = new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    await reader.cancel().catch(() => undefined);
    expect(first).toMatch(/^event: status\ndata: /);
    const event = JSON.parse(first.replace(/^event: status\ndata: /, "").trim()) as Record<string, unknown>;
    expect(event.description).toBe("Your order 1001 at Demo Shop");
    expect(Object.keys(event).sort()).toEqual(PUBLIC_KEYS);
    for (const bad of hidden) expect(outsideCashier(event)).not.toContain(bad);
  });

  it("names the shop by the credential's payer display name, else by its name, never by its merchant id", async () => {
    const { payin } = await createPayin({ ctx: finance.ctx, input: input({ orderNo: orderNo() }), idempotencyKey: key() });
    const token = tokenOf(payin.payerLink);
    const byName = await findPublicPayin(testDb(), token);
    expect(byName?.view.merchantName).toBe(cred.m.name);
    await testDb().update(merchants).set({ payerDisplayName: "Baan Suan Coffee" }).where(eq(merchants.id, cred.m.id));
    try {
      const byDisplay = await findPublicPayin(testDb(), token);
      expect(byDisplay?.view.merchantName).toBe("Baan Suan Coffee");
      expect(JSON.stringify(byDisplay?.view)).not.toContain(cred.m.merchantId);
    } finally {
      await testDb().update(merchants).set({ payerDisplayName: null }).where(eq(merchants.id, cred.m.id));
    }
  });

  it("a BANK pay-in gives the payer the bank, the account number, its holder's name and the amount to type", async () => {
    const { payin } = await createPayin({ ctx: finance.ctx, input: input({ orderNo: orderNo(), method: "BANK", amount: "1,500" }), idempotencyKey: key() });
    await dispatchPayin(testDb(), payin.id);
    const found = await findPublicPayin(testDb(), tokenOf(payin.payerLink));
    expect(found?.view).toMatchObject({ receiverBankName: "Kasikornbank (KBANK)", vaNumber: "1234567890", receiverAccountName: SANDBOX_ACCOUNT_NAME });
    expect(found?.view.payAmountPlain).toMatch(/^1\d{3}\.\d{2}$/);
    expect((await rowOf(payin.id))?.receiverAccountName).toBe(SANDBOX_ACCOUNT_NAME);
  });

  it("without a payer description the page shows no text of its own, still never the purpose", async () => {
    const { payin } = await createPayin({ ctx: finance.ctx, input: input({ orderNo: orderNo(), purpose: INTERNAL }), idempotencyKey: key() });
    const found = await findPublicPayin(testDb(), tokenOf(payin.payerLink));
    expect(found?.view.description).toBeNull();
    expect(JSON.stringify(found?.view)).not.toContain("INTERNAL");
  });
});
