import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, callbacks, orderEvents, userMerchants, users } from "@/db/schema";
import { createMerchant, createPayin, createPayout } from "../helpers/factories";
import type { PayoutDetailView } from "@/lib/orders/get-order";
import { apiSignIn, freshUser, roleSession, type Session } from "./helpers/app";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const tag = () => randomBytes(4).toString("hex").toUpperCase();

/** A pay-out of `merchantId` with a request, an answer, a callback and an inquiry, as the money path leaves them. */
async function storiedPayout(merchantId: number) {
  const t = tag();
  const p = await createPayout(getDb(), {
    merchantId, orderNo: `SUP${t}`, tradeNo: `TRSUP${t}`, cashAccount: `40${t.replace(/\D/g, "7").slice(0, 4)}8123`,
    receiverName: "João Conceição", taxNumber: "12345678909", status: "SUCCESS",
  });
  const ev = (source: "request" | "response" | "inquiry", from: string, to: string, raw: string) =>
    getDb().insert(orderEvents).values({ orderType: "payout", payoutId: p.id, fromStatus: from, toStatus: to, source, actorName: "dispatcher", rawPayload: raw });
  await ev("request", "APPROVED", "SENDING", JSON.stringify({ orderNo: p.orderNo, receiver: { accountNo: p.cashAccount, taxNumber: p.taxNumber } }));
  await ev("response", "SENDING", "PROCESSING", JSON.stringify({ responseCode: "2000000", tradeNo: p.tradeNo }));
  await getDb().insert(callbacks).values({ payoutId: p.id, merchantId, headers: {}, rawBody: JSON.stringify({ tradeNo: p.tradeNo, status: "SUCCESS", accountNo: p.cashAccount }), signatureValid: true, timestampFresh: true, outcome: "applied" });
  await ev("inquiry", "PROCESSING", "SUCCESS", JSON.stringify({ tradeNo: p.tradeNo, status: "SUCCESS" }));
  return p;
}

async function scopedSupport(merchantIds: number[], canReveal: boolean) {
  const u = await freshUser("support", { totp: false });
  await getDb().update(users).set({ canReveal }).where(eq(users.id, u.id));
  for (const m of merchantIds) await getDb().insert(userMerchants).values({ userId: u.id, merchantId: m });
  return u;
}

describe("support finds an order in a second and sees its story", () => {
  it("press /, paste a tradeNo, land on the order; request, answer, callback, inquiry; masked; reveal with a reason; no money control", async () => {
    const m = await createMerchant(getDb());
    const p = await storiedPayout(m.id);
    const u = await scopedSupport([m.id], true);
    for (const width of [1440, 390]) {
      const page = await newPage(browser);
      await page.setViewportSize({ width, height: 900 });
      await signIn(page, u.email, u.password);
      await page.keyboard.press("/");
      await page.keyboard.insertText(p.tradeNo ?? "");
      await page.keyboard.press("Enter");
      await page.waitForURL(`**/payouts/${p.id}`, { timeout: 20_000 });
      const items = page.getByTestId("story-item");
      await items.first().waitFor();
      const kinds = await items.evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
      expect(kinds).toEqual(expect.arrayContaining(["request", "response", "callback", "inquiry"]));
      // Masked everywhere: facts, request body, callback body.
      const body = (await page.locator("main").innerText()) + (await page.locator("main").evaluate((e) => e.innerHTML));
      expect(body).not.toContain(p.cashAccount);
      expect(body).not.toContain("12345678909");
      expect(await page.getByTestId("order-account").textContent()).toMatch(/^•+8123$/);
      // Nothing that moves money: only copy, reveal, check status, summary and note controls.
      const names = await page.locator("main").getByRole("button").allInnerTexts();
      expect(names.filter((n) => /approve|reject|cancel|send|pay|retry|create|refund/i.test(n))).toEqual([]);
      await screenshot(page, `support-order-${width}`);
      if (width === 1440) {
        await page.getByRole("button", { name: "Reveal" }).first().click();
        await page.getByRole("button", { name: "Reveal account" }).click();
        await expect.poll(() => page.locator("[data-field-error=reveal-reason-account]").textContent()).toContain("Say why");
        await page.getByLabel(/Why do you need the whole account/).fill("Customer says the account is wrong");
        await page.getByRole("button", { name: "Reveal account" }).click();
        await expect.poll(() => page.getByTestId("revealed-account").textContent(), { timeout: 10_000 }).toBe(p.cashAccount);
        const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "order.value_revealed"), eq(auditLog.targetId, String(p.id))));
        expect(audit.map((a) => [a.actorUserId, (a.after as { reason: string }).reason])).toEqual([[u.id, "Customer says the account is wrong"]]);
        await page.reload();
        await expect.poll(() => page.getByTestId("story-audit-detail").allInnerTexts()).toContain("field: account · reason: Customer says the account is wrong");
        await screenshot(page, "support-order-revealed-1440");
      }
      await page.context().close();
    }
  });

  it("the search page: a name without accents, masked results, keyset, export; saved search in the header menu; results while typing, and 2 digits ask for 4", async () => {
    const m = await createMerchant(getDb());
    const p = await storiedPayout(m.id);
    const u = await scopedSupport([m.id], false);
    const page = await newPage(browser);
    await page.setViewportSize({ width: 390, height: 900 });
    await signIn(page, u.email, u.password);
    await page.goto("/orders?q=joao%20conceicao");
    await page.getByTestId("order-row").first().waitFor();
    expect(await page.getByTestId("order-row").count()).toBe(1);
    expect(await page.getByTestId("order-account").first().textContent()).toMatch(/^•+8123/);
    await page.getByLabel("Name this search").fill("João's orders");
    await page.getByRole("button", { name: "Save search" }).click();
    await page.getByText("Saved: it is in the search menu.").waitFor();
    await screenshot(page, "support-search-390");
    await page.getByLabel("Find an order").click();
    await page.getByTestId("saved-search-menu").getByRole("link", { name: "João's orders" }).waitFor();
    await page.keyboard.press("Escape");

    // Results follow the typing (no Search button); two digits say what is needed instead of searching.
    await page.goto("/orders?q=joao");
    await page.getByTestId("order-row").first().waitFor();
    const box = page.getByLabel("tradeNo, orderNo, last 4 digits or name");
    await box.fill("78");
    await page.getByText("Type at least 4 digits to search by the end of an account number (2 so far).").waitFor();
    await new Promise((r) => setTimeout(r, 600)); // longer than the typing pause: still no search for "78"
    expect(new URL(page.url()).searchParams.get("q")).toBe("joao");
    await box.fill("");
    await box.pressSequentially("NOSUCH", { delay: 30 });
    await page.waitForURL((u) => u.searchParams.get("q") === "NOSUCH");
    await expect.poll(() => page.getByTestId("order-row").count()).toBe(0);
    await box.fill(p.orderNo.slice(0, 7));
    await page.waitForURL((u) => u.searchParams.get("q") === p.orderNo.slice(0, 7));
    await expect.poll(() => page.getByTestId("order-row").count()).toBe(1);
    await page.context().close();
    expect(p.id).toBeGreaterThan(0);
  });
});

/** A pay-out the bank failed: accepted ("00 Successful"), then FAILED by inquiry-status with `remark` (or none). */
async function failedPayout(merchantId: number, remark: string | null) {
  const t = tag();
  const p = await createPayout(getDb(), {
    merchantId, orderNo: `FLD${t}`, tradeNo: `TRFLD${t}`, cashAccount: "4455667788", receiverName: "Somchai Jaidee", status: "FAILED",
    gatewayCode: "00", gatewayMessage: "Successful", gatewayStatus: "FAILED", finalAt: new Date(),
  });
  const ev = (source: "request" | "response" | "inquiry", from: string, to: string, raw: string, code: string | null = null) =>
    getDb().insert(orderEvents).values({ orderType: "payout", payoutId: p.id, fromStatus: from, toStatus: to, source, actorName: "dispatcher", gatewayCode: code, gatewayMessage: code ? "Successful" : null, rawPayload: raw });
  await ev("request", "APPROVED", "SENDING", JSON.stringify({ orderNo: p.orderNo }));
  await ev("response", "SENDING", "PROCESSING", JSON.stringify({ code: "00", message: "Successful", tradeNo: p.tradeNo }), "00");
  await ev("inquiry", "PROCESSING", "FAILED", JSON.stringify({ code: "00", message: "Successful", tradeNo: p.tradeNo, status: "FAILED", ...(remark ? { remark } : {}) }), "00");
  return p;
}

describe("why a pay-out failed stays true after a note", () => {
  it("support adds a note to a pay-out the bank failed: the page, the customer summary, finance's page and GET /api/payouts/{id} keep the gateway's reason; the note is a note", async () => {
    const m = await createMerchant(getDb());
    const p = await failedPayout(m.id, "Account closed by the bank");
    const u = await scopedSupport([m.id], false);
    const reason = "Smilepayz confirmed the payment failed: Account closed by the bank. No money went to the beneficiary.";
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, u.email, u.password);
    await page.goto(`/payouts/${p.id}`);
    await page.getByTestId("outcome-summary").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("outcome-summary").textContent()).toBe(reason);
    expect(await page.getByTestId("order-request-answer").textContent()).toBe("Accepted: 00 Successful");
    await page.getByLabel("Add an internal note").getByRole("textbox").fill("Customer called; told them the bank closed the account");
    await page.getByLabel("Add an internal note").getByRole("button").click();
    const note = page.locator('[data-testid=story-item][data-kind="note"]');
    await note.waitFor({ timeout: 20_000 });
    expect(await note.textContent()).toContain("Customer called; told them the bank closed the account");
    expect(await note.textContent()).toContain("E2E support");
    // No status event for the note (from = to), and the outcome is still the gateway's.
    const labels = await page.locator('[data-testid=story-item][data-kind="person"]').count();
    expect(labels).toBe(0);
    expect(await page.getByTestId("outcome-summary").textContent()).toBe(reason);
    expect(await page.locator("main").textContent()).not.toContain("Cancelled by");
    await page.getByText("Summary for the customer").click();
    expect(await page.getByTestId("customer-summary").textContent()).toContain("did not go through: the payment network says “Account closed by the bank”");
    await screenshot(page, "order-failed-note-1440");
    await page.setViewportSize({ width: 390, height: 900 });
    await page.reload();
    await page.getByTestId("outcome-summary").waitFor();
    await screenshot(page, "order-failed-note-390");
    await page.context().close();

    const finance = await roleSession("finance");
    const d = (await (await finance.fetch(`/api/payouts/${p.id}`)).json()) as PayoutDetailView;
    expect(d.outcome).toMatchObject({ status: "FAILED", source: "inquiry", reason: "Account closed by the bank", summary: reason });
    expect(d.items.filter((it) => it.kind === "event" && it.from === it.to)).toEqual([]);
    expect(d.items.flatMap((it) => (it.kind === "note" ? [it.note] : []))).toEqual(["Customer called; told them the bank closed the account"]);
  });

  it("a failure without a reason says so and what to ask Smilepayz, quoting the tradeNo", async () => {
    const m = await createMerchant(getDb());
    const p = await failedPayout(m.id, null);
    const u = await scopedSupport([m.id], false);
    const page = await newPage(browser);
    await page.setViewportSize({ width: 390, height: 900 });
    await signIn(page, u.email, u.password);
    await page.goto(`/payouts/${p.id}`);
    await page.getByTestId("outcome-summary").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("outcome-summary").textContent()).toBe(
      `Smilepayz confirmed the payment failed and gave no reason. No money went to the beneficiary. Ask Smilepayz support for the reason, quoting tradeNo ${p.tradeNo ?? ""}.`,
    );
    await page.getByText("Summary for the customer").click();
    expect(await page.getByTestId("customer-summary").textContent()).toContain("did not go through. The payment network gave no reason; we are asking them and will tell you.");
    await page.context().close();
  });
});

describe("a support user scoped to one merchant finds nothing of another, through HTTP", () => {
  it("by any search, id, export, reveal or note", async () => {
    const [mine, theirs] = [await createMerchant(getDb()), await createMerchant(getDb())];
    const other = await storiedPayout(theirs.id);
    const otherIn = await createPayin(getDb(), { merchantId: theirs.id, payerName: "Zoë Ångström", payerAccountNo: "7788990011" });
    await storiedPayout(mine.id);
    const u = await scopedSupport([mine.id], true);
    const { session, error } = await apiSignIn(u.email, u.password);
    expect(error).toBeNull();
    const s: Session = session;
    for (const q of [other.tradeNo ?? "", other.orderNo, other.orderNo.slice(0, 7), otherIn.orderNo, "0011", "zoe angstrom"]) {
      const res = await s.fetch(`/api/orders?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { orderNo: string }[] };
      expect(body.items.filter((i) => i.orderNo === other.orderNo || i.orderNo === otherIn.orderNo)).toEqual([]);
    }
    const csv = await (await s.fetch("/api/orders/export")).text();
    expect(csv.split("\r\n")[0]).toContain("order_no");
    expect(csv).not.toContain(other.orderNo);
    expect(csv).not.toContain(otherIn.orderNo);
    expect(csv).not.toContain("12345678909");
    const reveal = await s.json(`/api/orders/payout/${other.id}/reveal`, "POST", { field: "account", reason: "just looking around" });
    expect(reveal.status).toBe(404);
    const note = await s.json(`/api/orders/payin/${otherIn.id}/notes`, "POST", { note: "hello" });
    expect(note.status).toBe(404);
    const bad = await s.fetch("/api/orders?q=%3D1%2B1");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields.q).toBeTruthy();
  });
});

/** A pay-out as the money path leaves it: each change with its audit row, a callback waiting for inquiry-status, then the inquiry's answer. */
async function confirmedPayout(merchantId: number) {
  const t = tag();
  const p = await createPayout(getDb(), { merchantId, orderNo: `WRD${t}`, tradeNo: `TRWRD${t}`, cashAccount: "5566778899", receiverName: "Somchai Jaidee", status: "SUCCESS", finalAt: new Date() });
  const at = (s: number) => new Date(Date.now() - 60_000 + s * 1000);
  const change = async (source: "request" | "response" | "callback" | "inquiry", from: string, to: string, raw: string, s: number, callbackId: number | null = null) => {
    await getDb().insert(orderEvents).values({ orderType: "payout", payoutId: p.id, fromStatus: from, toStatus: to, source, actorName: "dispatcher", rawPayload: raw, callbackId, createdAt: at(s) });
    if (from !== to) await getDb().insert(auditLog).values({ actorKind: "system", actorName: "dispatcher", action: "payout.status_changed", targetType: "payout", targetId: String(p.id), before: { status: from }, after: { status: to, source }, createdAt: at(s) });
  };
  await change("request", "APPROVED", "SENDING", JSON.stringify({ orderNo: p.orderNo, signedRequestMarker: t }), 1);
  await change("response", "SENDING", "PROCESSING", JSON.stringify({ code: "00", tradeNo: p.tradeNo }), 2);
  const body = JSON.stringify({ tradeNo: p.tradeNo, status: "SUCCESS", rawCallbackMarker: t });
  const [cb] = await getDb().insert(callbacks).values({ payoutId: p.id, merchantId, headers: {}, rawBody: body, signatureValid: true, timestampFresh: true, outcome: "applied", receivedAt: at(3) }).returning({ id: callbacks.id });
  await change("callback", "PROCESSING", "PROCESSING", body, 3, cb?.id ?? null);
  await change("inquiry", "PROCESSING", "SUCCESS", JSON.stringify({ tradeNo: p.tradeNo, status: "SUCCESS" }), 4);
  return { p, marker: t };
}

describe("the order timeline in words", () => {
  it("each change is a sentence with a word badge, its raw record collapsed under it; the callback and the audit rows of a change are not shown again", async () => {
    const m = await createMerchant(getDb());
    const { p, marker } = await confirmedPayout(m.id);
    const u = await scopedSupport([m.id], false);
    for (const width of [1440, 390]) {
      const page = await newPage(browser);
      await page.setViewportSize({ width, height: 900 });
      await signIn(page, u.email, u.password);
      await page.goto(`/payouts/${p.id}`);
      const timeline = page.getByRole("list", { name: "Timeline" });
      await timeline.waitFor({ timeout: 20_000 });
      expect(await page.getByTestId("story-sentence").allInnerTexts()).toEqual([
        "The app sent the signed request to Smilepayz.",
        "Smilepayz accepted the pay-out and is paying the beneficiary.",
        "Smilepayz sent a callback; the app is asking Smilepayz to confirm it.",
        "Smilepayz confirmed the payment.",
      ]);
      expect(await timeline.getByTestId("status-badge").allInnerTexts()).toEqual(["Sending", "With the bank", "Paid"]);
      // What a person reads: words, no wire codes, no audit row repeating a change; the raw records are there, closed.
      const seen = await timeline.innerText();
      expect(seen).not.toMatch(/\b(SENDING|PROCESSING|SUCCESS|status_changed)\b/);
      expect(seen).not.toContain(marker);
      expect(await page.locator("[data-testid=story-record]").evaluateAll((els) => els.map((e) => (e as HTMLDetailsElement).open))).toEqual([false, false, false, false]);
      expect(await page.getByTestId("story-callback-body").count()).toBe(1);
      expect(await page.locator("main").evaluate((e) => e.innerHTML.split("rawCallbackMarker").length - 1)).toBe(1);
      await page.getByText("Callback body, raw").click();
      expect(await page.getByTestId("story-callback-body").innerText()).toContain(marker);
      await screenshot(page, `timeline-words-${width}`);
      await page.context().close();
    }
  });
});

describe("digits beyond the mask and ids in any case, through HTTP", () => {
  type Found = { items: { id: number; type: string }[]; notice: string | null; exact: { type: string; id: number } | null };
  const find = async (s: Session, q: string): Promise<Found> => {
    const res = await s.fetch(`/api/orders?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Found;
  };

  it("support's longer account suffix finds nothing and says why, the last 4 digits find it; with the reveal permission it finds and is audited; lower-case ids open the order", async () => {
    const m = await createMerchant(getDb());
    const p = await storiedPayout(m.id);
    const plain = await scopedSupport([m.id], false);
    const revealer = await scopedSupport([m.id], true);
    const s = (await apiSignIn(plain.email, plain.password)).session;
    for (let n = 5; n <= p.cashAccount.length; n++) {
      const r = await find(s, p.cashAccount.slice(-n));
      expect({ n, ids: r.items.map((i) => i.id) }).toEqual({ n, ids: [] });
      expect(r.notice).toMatch(/last 4 digits only/);
    }
    expect((await find(s, p.cashAccount.slice(-4))).items.map((i) => i.id)).toEqual([p.id]);
    expect(await getDb().select().from(auditLog).where(and(eq(auditLog.action, "orders.suffix_searched"), eq(auditLog.actorUserId, plain.id)))).toEqual([]);

    const r = (await apiSignIn(revealer.email, revealer.password)).session;
    expect((await find(r, p.cashAccount.slice(-7))).items.map((i) => i.id)).toEqual([p.id]);
    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "orders.suffix_searched"), eq(auditLog.actorUserId, revealer.id)));
    expect(audit.map((a) => a.after)).toEqual([{ searched: `•••${p.cashAccount.slice(-4)}`, digits: 7 }]);

    expect((await find(s, p.orderNo.toLowerCase())).exact).toEqual({ type: "payout", id: p.id });
    expect((await find(s, (p.tradeNo ?? "").toLowerCase())).exact).toEqual({ type: "payout", id: p.id });
    expect((await find(s, p.orderNo.slice(0, 8).toLowerCase())).items.map((i) => i.id)).toContain(p.id);

    // The orders page says why a longer suffix found nothing.
    const page = await newPage(browser);
    await signIn(page, plain.email, plain.password);
    await page.goto(`/orders?q=${p.cashAccount.slice(-6)}`);
    await expect.poll(() => page.getByTestId("orders-notice").textContent(), { timeout: 20_000 }).toMatch(/last 4 digits only/);
    await page.context().close();
  });
});
