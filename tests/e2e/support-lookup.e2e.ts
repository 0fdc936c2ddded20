import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, callbacks, orderEvents, userMerchants, users } from "@/db/schema";
import { createMerchant, createPayin, createPayout } from "../helpers/factories";
import { apiSignIn, freshUser, type Session } from "./helpers/app";
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
      await page.waitForURL(`**/orders/payout/${p.id}`, { timeout: 20_000 });
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
    const box = page.getByLabel("tradeNo, orderNo, last digits or name");
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
