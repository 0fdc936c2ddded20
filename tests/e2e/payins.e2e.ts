import { eq } from "drizzle-orm";
import jsQR from "jsqr";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { merchants, payins } from "@/db/schema";
import { SANDBOX_ACCOUNT_NAME } from "@/sandbox-gateway";
import { baseUrl, demoSecrets, demoUser, gatewayUrl, roleSession, type Session } from "./helpers/app";
import { launchBrowser, screenshot, signIn } from "./helpers/browser";

/**
 * Issue 19's acceptance in Chromium against the real app, dispatcher, callbacks and sandbox gateway: finance creates
 * a QRPAY pay-in, the payer (not signed in) sees amount, QR and countdown, pays on the sandbox cashier, and both pages
 * turn SUCCESS without a reload; a 60 s pay-in expires on both; bad input writes nothing; tokens reveal nothing.
 */
let browser: Browser;
let finance: Page;
let api: Session;
let credentialId: number;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1440, height: 900 } });
  finance = await context.newPage();
  const u = demoUser("finance");
  await signIn(finance, u.email, u.password);
  api = await roleSession("finance");
  const options = (await (await api.fetch("/api/merchants/options")).json()) as { id: number; name: string }[];
  const demo = options.find((o) => /demo/i.test(o.name)) ?? options[0];
  if (!demo) throw new Error("no credential");
  credentialId = demo.id;
});
afterAll(() => browser.close());

const body = (over: Record<string, unknown> = {}) => ({
  credentialId,
  region: "TH",
  method: "QRPAY",
  amount: "300",
  purpose: "Invoice E2E",
  payerName: "Somchai Jaidee",
  payerBank: "KBANK",
  payerAccount: "1234567890",
  ...over,
});
let n = 0;
const idem = () => `e2e-payin-${Date.now()}-${n++}`;
async function createByApi(over: Record<string, unknown> = {}) {
  const res = await api.fetch("/api/payins", { method: "POST", headers: { "content-type": "application/json", "idempotency-key": idem() }, body: JSON.stringify(body(over)) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { payin: { id: number; orderNo: string; payerLink: string } }).payin;
}

async function waitForText(page: Page, testId: string, attr: string, wanted: string, timeoutMs: number): Promise<void> {
  await page.waitForFunction(([id, a, w]) => document.querySelector(`[data-testid="${id}"]`)?.querySelector(`[${a}]`)?.getAttribute(a) === w || document.querySelector(`[data-testid="${id}"]`)?.getAttribute(a) === w, [testId, attr, wanted] as const, { timeout: timeoutMs });
}
const staffStatus = (page: Page, s: string, ms: number) => waitForText(page, "payin-status", "data-status", s, ms);
const payerStatus = (page: Page, s: string, ms: number) => waitForText(page, "payer-status", "data-status", s, ms);

/** CRC-16/CCITT-FALSE, as EMVCo tag 63 carries it (computed here, independently of the gateway's code). */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const b of Buffer.from(text, "utf8")) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}
/** Top-level EMVCo TLV fields: id (2) + length (2) + value. */
function tlv(payload: string): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i + 4 <= payload.length; ) {
    const id = payload.slice(i, i + 2);
    const len = Number(payload.slice(i + 2, i + 4));
    out.set(id, payload.slice(i + 4, i + 4 + len));
    i += 4 + len;
  }
  return out;
}

/** The QR as the payer's browser drew it, decoded from its pixels. */
async function decodeQr(page: Page): Promise<string> {
  const img = await page.getByTestId("payer-qr").evaluate(async (el) => {
    const image = el as HTMLImageElement;
    await image.decode();
    const c = document.createElement("canvas");
    c.width = image.naturalWidth;
    c.height = image.naturalHeight;
    const g = c.getContext("2d");
    if (!g) throw new Error("no canvas");
    g.drawImage(image, 0, 0);
    return { w: c.width, h: c.height, data: Array.from(g.getImageData(0, 0, c.width, c.height).data) };
  });
  const code = jsQR(Uint8ClampedArray.from(img.data), img.w, img.h);
  if (!code) throw new Error("the QR did not decode");
  return code.data;
}

describe("a QRPAY pay-in from the form to SUCCESS on the payer's page and the staff detail", () => {
  it("creates, hands over the link, shows the QR, amount and countdown, and turns SUCCESS live on both pages", async () => {
    await finance.goto("/payins/new");
    await finance.locator("#credentialId option:nth-child(2)").waitFor({ state: "attached", timeout: 20_000 });
    await finance.locator("#credentialId").selectOption(String(credentialId));
    await finance.locator("#method").selectOption("QRPAY");
    await finance.locator("#amount").fill("300");
    await finance.locator("#purpose").fill("Invoice E2E QR");
    await finance.locator("#payerName").fill("Somchai Jaidee");
    await finance.locator("#payerBank").selectOption("KBANK");
    await finance.locator("#payerAccount").fill("123-4-56789-0");
    await expect.poll(() => finance.getByTestId("amount-preview").textContent()).toContain("sent to Smilepayz as 300 baht");
    await finance.getByRole("button", { name: "Review" }).click();
    expect(await finance.getByTestId("review-amount").textContent()).toContain("300.00 THB · sent to Smilepayz as 300 baht");
    await screenshot(finance, "payin-review-1440");
    await finance.getByRole("button", { name: /Create pay-in/ }).click();
    const link = (await finance.getByTestId("payer-link").inputValue({ timeout: 20_000 })).trim();
    expect(link).toMatch(/\/pay\/[A-Za-z0-9_-]{43}$/);
    await finance.getByTestId("open-payin").click();
    await finance.waitForURL(/\/payins\/\d+$/);
    const id = Number(new URL(finance.url()).pathname.split("/").pop());
    await staffStatus(finance, "PROCESSING", 30_000);

    // The payer: a fresh browser, not signed in, at phone width.
    const payerCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const payer = await payerCtx.newPage();
    await payer.goto(link);
    await payer.getByTestId("payer-qr").waitFor({ timeout: 30_000 });
    const row = (await getDb().select().from(payins).where(eq(payins.id, id)))[0];
    if (!row?.payAmountMinor || !row.qrString) throw new Error("the pay-in has no payAmount or QR");
    const payAmount = (Number(row.payAmountMinor) / 100).toFixed(2);
    expect(await payer.getByTestId("pay-amount").textContent()).toBe(`${payAmount} THB`);
    // The gateway asks a few satang less than 300: the page says so.
    expect(await payer.getByTestId("pay-amount-note").textContent()).toContain("the amount asked was 300.00 THB");
    expect(await payer.getByTestId("countdown").textContent()).toMatch(/^Time left to pay: (1:00:00|59:\d\d)$/);
    const decoded = await decodeQr(payer);
    expect(decoded).toBe(row.qrString);
    const fields = tlv(decoded);
    expect(fields.get("54")).toBe(payAmount);
    expect(fields.get("53")).toBe("764"); // THB
    expect(decoded.slice(-4)).toBe(crc16(decoded.slice(0, -4)));
    await screenshot(payer, "payin-payer-390");

    // Nothing internal in the page's HTML.
    const html = await (await fetch(link)).text();
    const secrets = demoSecrets();
    for (const bad of [demoUser("finance").email, secrets.merchantId, secrets.merchantSecret, "Somchai"]) expect(html).not.toContain(bad);

    // Pay on the sandbox cashier page, in the payer's browser; both pages turn without a reload.
    const cashierUrl = await payer.getByTestId("cashier-link").getAttribute("href");
    if (!cashierUrl) throw new Error("no cashier link");
    // A mark on each window: still there afterwards means neither page was reloaded.
    for (const pg of [payer, finance]) await pg.evaluate(() => Object.assign(window, { __noReload: true }));
    const cashier = await payerCtx.newPage();
    await cashier.goto(cashierUrl);
    await cashier.getByRole("button", { name: /^Pay / }).click();
    await payerStatus(payer, "SUCCESS", 60_000);
    await staffStatus(finance, "SUCCESS", 60_000);
    expect(await payer.getByTestId("payer-status").textContent()).toContain("Paid");
    for (const pg of [payer, finance]) expect(await pg.evaluate(() => "__noReload" in window)).toBe(true);
    await screenshot(payer, "payin-payer-success-390");
    // The timeline refetches live: the callback and the inquiry that confirmed it.
    await finance.locator('[data-testid="story-item"][data-to="SUCCESS"]').first().waitFor({ timeout: 20_000 });
    await finance.getByTestId("story-callback-body").first().waitFor({ state: "attached", timeout: 20_000 });
    await screenshot(finance, "payin-detail-success-1440");
    await payerCtx.close();
  }, 180_000);
});

describe("the pay-in list in words", () => {
  it("the status filter, the method filter and the badges say words (the code in a tooltip); the detail names the wire amount's unit; day filters go with the viewer's zone", async () => {
    const created = await createByApi({ purpose: "Words E2E" });
    for (const width of [1440, 390]) {
      await finance.setViewportSize({ width, height: 900 });
      await finance.goto(`/payins?q=${created.orderNo}`);
      await finance.getByTestId("payin-row").first().waitFor({ timeout: 20_000 });
      const status = finance.getByLabel("Status", { exact: true });
      const options = await status.locator("option").evaluateAll((els) => els.map((e) => [(e as HTMLOptionElement).value, e.textContent, e.getAttribute("title")]));
      expect(options).toContainEqual(["INIT", "Waiting for the payer", "Status code INIT"]);
      expect(options).toContainEqual(["NOT_ACCEPTED", "Refused by Smilepayz", "Status code NOT_ACCEPTED"]);
      expect(options.map(([, text]) => text).filter((t) => /^[A-Z_]+$/.test(t ?? ""))).toEqual([]);
      const methods = await finance.getByLabel("Method", { exact: true }).locator("option").allInnerTexts();
      expect(methods).toEqual(["Any method", "Thai QR (PromptPay)", "Bank transfer"]);
      const row = finance.getByTestId("payin-row").first();
      expect(await row.textContent()).toContain("Thai QR (PromptPay)");
      expect(await row.getByTestId("status-badge").innerText()).not.toMatch(/^[A-Z_]+$/);
      expect(await row.getByTestId("status-badge").getAttribute("title")).toMatch(/\(status code [A-Z_]+\)$/);
      await screenshot(finance, `payins-list-words-${width}`);
      await status.focus();
      await screenshot(finance, `payins-filter-words-${width}`);
    }
    await finance.setViewportSize({ width: 1440, height: 900 });
    // A day filter goes to the API with the viewer's zone, so the export is the viewer's days too.
    await finance.goto("/payins?from=2026-12-01&to=2026-12-06");
    await finance.getByRole("table", { name: "Pay-ins" }).or(finance.getByText("No pay-ins match these filters.")).first().waitFor({ timeout: 20_000 });
    const zone = await finance.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    await expect.poll(() => finance.getByRole("link", { name: "Export CSV" }).getAttribute("href")).toBe(`/api/payins/export?from=2026-12-01&to=2026-12-06&tz=${encodeURIComponent(zone)}`);
    await finance.goto(`/payins/${created.id}`);
    await expect.poll(() => finance.getByTestId("wire-amount").textContent(), { timeout: 20_000 }).toBe("300 baht");
  }, 120_000);
});

describe("the staff pay-in page", () => {
  it("counts down while the payer may pay, then shows the amount actually paid and when, and the payer link as closed; the expiry is chosen in minutes", async () => {
    await finance.setViewportSize({ width: 1440, height: 900 });
    await finance.goto("/payins/new");
    await finance.locator("#credentialId option:nth-child(2)").waitFor({ state: "attached", timeout: 20_000 });
    await finance.locator("#credentialId").selectOption(String(credentialId));
    await finance.locator("#method").selectOption("QRPAY");
    await finance.locator("#amount").fill("300");
    await finance.locator("#purpose").fill("Invoice E2E staff view");
    await finance.locator("#payerName").fill("Somchai Jaidee");
    await finance.locator("#payerBank").selectOption("KBANK");
    await finance.locator("#payerAccount").fill("1234567890");
    await finance.locator("#expiryAmount").fill("30");
    await finance.locator("#expiryUnit").selectOption("minutes");
    // 30 typed while the unit still said hours (30 hours: too long) is fine once the unit is minutes: no stale error.
    await expect.poll(() => finance.locator('[data-field-error="expiryAmount"]').count()).toBe(0);
    await screenshot(finance, "h26-payin-form-expiry-1440");
    await finance.setViewportSize({ width: 390, height: 844 });
    expect(await finance.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(finance, "h26-payin-form-expiry-390");
    await finance.setViewportSize({ width: 1440, height: 900 });
    await finance.getByRole("button", { name: "Review" }).click();
    expect(await finance.getByTestId("review-expiry").textContent()).toBe("30 minutes");
    await finance.getByRole("button", { name: /Create pay-in/ }).click();
    await finance.getByTestId("open-payin").click();
    await finance.waitForURL(/\/payins\/\d+$/);
    const id = Number(new URL(finance.url()).pathname.split("/").pop());
    await staffStatus(finance, "PROCESSING", 30_000);
    expect((await getDb().select().from(payins).where(eq(payins.id, id)))[0]?.expirySeconds).toBe(1_800);

    // Waiting for the payer: the time they have left, ticking.
    const countdown = finance.getByTestId("payin-countdown");
    await expect.poll(() => countdown.textContent(), { timeout: 10_000 }).toMatch(/^(30:00|29:[0-5]\d) left for the payer$/);
    const first = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(first);
    expect(await finance.getByTestId("payer-link-state").textContent()).toMatch(/^Active/);
    await screenshot(finance, "h26-payin-waiting-1440");
    await finance.setViewportSize({ width: 390, height: 844 });
    expect(await finance.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(finance, "h26-payin-waiting-390");
    await finance.setViewportSize({ width: 1440, height: 900 });

    // The payer pays what the gateway asked (a few satang under 300), on the cashier page.
    const row = (await getDb().select().from(payins).where(eq(payins.id, id)))[0];
    if (!row?.tradeNo || !row.payAmountMinor) throw new Error("no tradeNo or payAmount");
    expect(row.payAmountMinor).not.toBe(30_000n);
    const paid = `${(Number(row.payAmountMinor) / 100).toFixed(2)} THB`;
    expect((await fetch(`${gatewayUrl()}/cashier/${row.tradeNo}/pay`, { method: "POST", redirect: "manual" })).status).toBeLessThan(400);
    await staffStatus(finance, "SUCCESS", 60_000);
    const paidRow = finance.getByTestId("payin-paid");
    await paidRow.waitFor({ timeout: 10_000 });
    expect(await paidRow.locator("strong").textContent()).toBe(paid);
    const settled = (await getDb().select().from(payins).where(eq(payins.id, id)))[0];
    expect(await paidRow.locator("time").getAttribute("datetime")).toBe(settled?.finalAt?.toISOString());
    expect(await paidRow.textContent()).toContain("300.00 THB was asked");
    await expect.poll(() => finance.getByTestId("payer-link-state").textContent(), { timeout: 10_000 }).toMatch(/^Closed: the payment was received/);
    expect(await countdown.count()).toBe(0);
    await screenshot(finance, "h26-payin-paid-1440");
    await finance.setViewportSize({ width: 390, height: 844 });
    expect(await finance.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(finance, "h26-payin-paid-390");
    await finance.setViewportSize({ width: 1440, height: 900 });
  }, 180_000);
});

describe("expiry", () => {
  it("a pay-in with a 60 s expiry shows EXPIRED on the payer's page and the staff detail, whose payer link is no longer Active", async () => {
    const p = await createByApi({ expirySeconds: 60, purpose: "Expires in a minute" });
    await finance.goto(`/payins/${p.id}`);
    const payerCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const payer = await payerCtx.newPage();
    await payer.goto(p.payerLink);
    await payer.getByTestId("payer-qr").waitFor({ timeout: 30_000 });
    await payerStatus(payer, "EXPIRED", 150_000);
    await staffStatus(finance, "EXPIRED", 30_000);
    expect(await payer.getByTestId("payer-status").textContent()).toContain("Expired");
    await expect.poll(() => finance.getByTestId("payer-link-state").textContent(), { timeout: 10_000 }).toMatch(/^Closed: the time to pay is over/);
    expect(await finance.getByTestId("payin-countdown").count()).toBe(0);
    await screenshot(payer, "payin-payer-expired-390");
    await screenshot(finance, "h26-payin-expired-1440");
    await finance.setViewportSize({ width: 390, height: 844 });
    await screenshot(finance, "h26-payin-expired-390");
    await finance.setViewportSize({ width: 1440, height: 900 });
    await payerCtx.close();
  }, 200_000);
});

describe("bad input", () => {
  const count = async () => getDb().$count(payins);
  it.each([
    ["QRPAY over 50,000", { amount: "50,001" }, "amount"],
    ["BANK over 200,000", { method: "BANK", amount: "200,001" }, "amount"],
    ["expiry over 86,400 s", { expirySeconds: 86_401 }, "expirySeconds"],
    ["a missing payer name", { payerName: "" }, "payerName"],
    ["a redirect that is not http(s)", { redirectUrl: "javascript:alert(1)" }, "redirectUrl"],
    ["a redirect to an internal address", { redirectUrl: "http://192.168.1.10/back" }, "redirectUrl"],
  ])("%s: 400 on the field from the API, nothing written", async (_name, over, field) => {
    const before = await count();
    const res = await api.fetch("/api/payins", { method: "POST", headers: { "content-type": "application/json", "idempotency-key": idem() }, body: JSON.stringify(body(over)) });
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(err.error.code).toBe("invalid_input");
    expect(Object.keys(err.error.fields)).toContain(field);
    expect(await count()).toBe(before);
  });

  it("the form shows each message on its field and sends nothing", async () => {
    const before = await count();
    await finance.goto("/payins/new");
    await finance.locator("#credentialId option:nth-child(2)").waitFor({ state: "attached", timeout: 20_000 });
    await finance.locator("#credentialId").selectOption(String(credentialId));
    await finance.locator("#purpose").fill("Bad input");
    await finance.locator("#payerName").fill("Somchai");
    await finance.locator("#payerBank").selectOption("KBANK");
    await finance.locator("#payerAccount").fill("1234567890");
    const check = async (id: string, value: string, field: string) => {
      await finance.locator(`#${id}`).fill(value);
      await finance.getByRole("button", { name: "Review" }).click();
      await finance.locator(`[data-field-error="${field}"]`).waitFor({ timeout: 10_000 });
    };
    await check("amount", "50001", "amount");
    await finance.locator("#amount").fill("300");
    // The expiry is chosen in minutes or hours: 25 hours is past the gateway's 24.
    await finance.locator("#expiryUnit").selectOption("hours");
    await check("expiryAmount", "25", "expiryAmount");
    expect(await finance.locator('[data-field-error="expiryAmount"]').textContent()).toBe("A whole number of minutes or hours, from 1 minute to 24 hours");
    await finance.locator("#expiryAmount").fill("1");
    await check("redirectUrl", "http://10.1.2.3/x", "redirectUrl");
    await finance.locator("#redirectUrl").fill("");
    await check("payerName", "", "payerName");
    await screenshot(finance, "payin-form-errors-1440");
    expect(await count()).toBe(before);
  });
});

describe("the form's messages", () => {
  it("one Review shows every field's message at once and puts the cursor on the first", async () => {
    const before = await getDb().$count(payins);
    await finance.setViewportSize({ width: 390, height: 844 });
    await finance.goto("/payins/new");
    await finance.locator("#credentialId option:nth-child(2)").waitFor({ state: "attached", timeout: 20_000 });
    await finance.locator("#credentialId").selectOption("");
    await finance.getByRole("button", { name: "Review" }).click();
    await finance.locator("[data-field-error]").first().waitFor({ timeout: 10_000 });
    await finance.waitForTimeout(300);
    const shown = await finance.locator("[data-field-error]").evaluateAll((els) => els.map((e) => e.getAttribute("data-field-error")));
    expect(shown).toEqual(["credentialId", "amount", "payerName", "payerBank", "payerAccount", "purpose"]);
    expect(await finance.locator('[data-field-error="amount"]').textContent()).toMatch(/Enter an amount/);
    expect(await finance.evaluate(() => document.activeElement?.id)).toBe("credentialId");
    await screenshot(finance, "payin-form-all-errors-390");
    expect(await getDb().$count(payins)).toBe(before);
    await finance.setViewportSize({ width: 1440, height: 900 });
  });
});

describe("the payer's token", () => {
  it("a guessed token and a revoked token are 404 on the page and the status feed, and reveal nothing", async () => {
    const a = await createByApi({ purpose: "Token A" });
    const guessed = `${baseUrl()}/pay/${"x".repeat(43)}`;
    for (const url of [guessed, `${baseUrl()}/pay/short`]) {
      const res = await fetch(url);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("Token A");
    }
    const token = a.payerLink.split("/pay/")[1] ?? "";
    expect((await fetch(a.payerLink)).status).toBe(200);
    const revoke = await api.json(`/api/payins/${a.id}/payer-link/revoke`, "POST");
    expect(revoke.status).toBe(200);
    const after = await fetch(a.payerLink);
    expect(after.status).toBe(404);
    expect(await after.text()).not.toContain(a.orderNo);
    expect((await fetch(`${baseUrl()}/api/pay/${token}/events`)).status).toBe(404);
  });
});

describe("the payer's page shows the payer's description, never the staff's purpose", () => {
  it("its HTML and its status stream carry the description and the orderNo, not the purpose or the creator", async () => {
    const purpose = "INTERNAL: VIP client, margin 12%";
    const p = await createByApi({ purpose, payerDescription: "Your order 1001 at Demo Shop" });
    const page = await fetch(p.payerLink);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Your order 1001 at Demo Shop");
    expect(html).toContain(p.orderNo);
    for (const bad of ["INTERNAL", "VIP client", "margin 12%", demoUser("finance").email]) expect(html).not.toContain(bad);

    // The stream's first event is the current public view, sent at once.
    const token = p.payerLink.split("/pay/")[1] ?? "";
    const abort = new AbortController();
    const res = await fetch(`${baseUrl()}/api/pay/${token}/events`, { signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no stream body");
    let first = "";
    while (!first.includes("\n\n")) first += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    const event = JSON.parse(first.slice(first.indexOf("data: ") + 6, first.indexOf("\n\n"))) as Record<string, unknown>;
    expect(event).toMatchObject({ orderNo: p.orderNo, description: "Your order 1001 at Demo Shop" });
    expect(event).not.toHaveProperty("purpose");
    for (const bad of ["INTERNAL", "margin 12%", demoUser("finance").email]) expect(first).not.toContain(bad);
  });
});

/** A payer's browser: not signed in, at phone width unless told, in the given browser language. */
async function payerBrowser(locale: string, width = 390) {
  return browser.newContext({ locale, viewport: { width, height: width > 500 ? 900 : 844 } });
}

describe("the payer's page speaks the payer's language", () => {
  it("a Thai browser gets it in Thai; the switch turns it to English and the choice stays on reload", async () => {
    const p = await createByApi({ payerDescription: "Order 1001 at Demo Shop" });
    const ctx = await payerBrowser("th-TH");
    const page = await ctx.newPage();
    await page.goto(p.payerLink);
    await page.getByTestId("payer-qr").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("payer-status").textContent()).toBe("รอการชำระเงินของคุณ");
    expect(await page.getByTestId("countdown").textContent()).toMatch(/^เวลาที่เหลือในการชำระเงิน: /);
    expect(await page.locator("main").getAttribute("lang")).toBe("th");
    expect(await page.title()).toBe("คำขอชำระเงิน");
    await screenshot(page, "payer-th-390");
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, "payer-th-1440");

    await page.getByTestId("payer-lang-en").click();
    await page.waitForURL(/\?lang=en$/);
    await page.getByTestId("payer-qr").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("payer-status").textContent()).toBe("Waiting for your payment");
    await screenshot(page, "payer-en-1440");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "payer-en-390");
    // The choice is kept (a cookie) for the plain link too, though the browser still asks for Thai.
    await page.goto(p.payerLink);
    expect(await page.getByTestId("payer-status").textContent()).toBe("Waiting for your payment");
    await page.getByTestId("payer-lang-th").click();
    await page.waitForURL(/\?lang=th$/);
    expect(await page.getByTestId("payer-status").textContent()).toBe("รอการชำระเงินของคุณ");
    await ctx.close();

    // Without a browser: the Accept-Language header alone decides.
    const th = await (await fetch(p.payerLink, { headers: { "accept-language": "th-TH,th;q=0.9,en;q=0.8" } })).text();
    expect(th).toContain("รอการชำระเงินของคุณ");
    const en = await (await fetch(p.payerLink, { headers: { "accept-language": "en-US,en;q=0.9" } })).text();
    expect(en).toContain("Waiting for your payment");
    expect(en).not.toContain("รอการชำระเงินของคุณ");
  }, 120_000);
});

describe("the payer's page names the shop", () => {
  it("shows the credential's payer-facing name, and never the merchant id", async () => {
    const db = getDb();
    await db.update(merchants).set({ payerDisplayName: "Baan Suan Coffee" }).where(eq(merchants.id, credentialId));
    try {
      const p = await createByApi();
      const ctx = await payerBrowser("en-US");
      const page = await ctx.newPage();
      await page.goto(p.payerLink);
      expect(await page.getByTestId("payer-merchant").textContent()).toBe("Payment to Baan Suan Coffee");
      const html = await page.content();
      expect(html).not.toContain(demoSecrets().merchantId);
      await ctx.close();
    } finally {
      await db.update(merchants).set({ payerDisplayName: null }).where(eq(merchants.id, credentialId));
    }
  });
});

describe("a BANK pay-in on the payer's page", () => {
  it("shows the bank, the account holder's name and number, and copies the number and the amount", async () => {
    const p = await createByApi({ method: "BANK", amount: "1,500" });
    const ctx = await payerBrowser("en-US");
    await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl() });
    const page = await ctx.newPage();
    await page.goto(p.payerLink);
    await page.getByTestId("va-number").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("account-name").textContent()).toBe(SANDBOX_ACCOUNT_NAME);
    const row = (await getDb().select().from(payins).where(eq(payins.id, p.id)))[0];
    if (!row?.vaNumber) throw new Error("the BANK pay-in has no account number");
    expect(await page.getByTestId("va-number").textContent()).toBe(row.vaNumber);
    await page.getByTestId("copy-account-number").click();
    await expect.poll(() => page.getByTestId("copy-account-number").textContent()).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(row.vaNumber);
    await page.getByTestId("copy-amount").click();
    await expect.poll(() => page.getByTestId("copy-amount").textContent()).toBe("Copied");
    const toPay = ((row.payAmountMinor ?? row.amountMinor) / 100n).toString();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`^${toPay}\\.\\d{2}$`));
    await screenshot(page, "payer-bank-390");
    await ctx.close();
  }, 90_000);
});

describe("a payer link that no longer works", () => {
  it("says in the payer's language that it expired or was replaced and to ask the shop for a new one, with no way into the staff app", async () => {
    const p = await createByApi({ purpose: "Replaced link" });
    const renew = await api.json(`/api/payins/${p.id}/payer-link`, "POST");
    expect(renew.status).toBe(200);
    for (const [locale, title, ask] of [
      ["th-TH", "ลิงก์ชำระเงินนี้ใช้ไม่ได้แล้ว", "โปรดติดต่อร้านค้าที่ส่งลิงก์นี้ให้คุณเพื่อขอลิงก์ชำระเงินใหม่"],
      ["en-US", "This payment link no longer works", "Ask the shop that sent you this link for a new payment link."],
    ] as const) {
      const ctx = await payerBrowser(locale);
      const page = await ctx.newPage();
      const res = await page.goto(p.payerLink);
      expect(res?.status()).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
      expect(await page.getByTestId("payer-link-gone").textContent()).toContain(ask);
      const body = await page.locator("body").innerText();
      for (const staff of ["Not found", "Back to the overview", p.orderNo]) expect(body).not.toContain(staff);
      // Its only links are the language switch, on the same address.
      const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      for (const h of hrefs) expect(h).toMatch(/^\?lang=(th|en)$/);
      await screenshot(page, `payer-link-gone-${locale.slice(0, 2)}-390`);
      await page.setViewportSize({ width: 1440, height: 900 });
      await screenshot(page, `payer-link-gone-${locale.slice(0, 2)}-1440`);
      await ctx.close();
    }
  }, 90_000);
});

describe("the payer's page renders the same on the server and in the browser", () => {
  it("five loads on a phone whose clock is a few seconds off log no error and no hydration mismatch", async () => {
    const p = await createByApi({ purpose: "Hydration" });
    const ctx = await payerBrowser("en-US");
    const page = await ctx.newPage();
    // A phone's clock is rarely the server's to the second; here it is 7 s ahead, so a time drawn on both differs.
    await page.clock.install({ time: Date.now() + 7_000 });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    for (let i = 0; i < 5; i++) {
      await page.goto(p.payerLink);
      await page.getByTestId("payer-qr").waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByTestId("countdown").textContent()).toMatch(/^Time left to pay: \d/);
    }
    expect(errors).toEqual([]);
    await ctx.close();
  }, 120_000);
});
