import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { merchantAccounts, merchants, payouts, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { createMerchant, createUser } from "../helpers/factories";
import { Session, demoSecrets, demoUser, roleSession } from "./helpers/app";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";

let browser: Browser;
let admin: Session;
beforeAll(async () => {
  browser = await launchBrowser();
  admin = await roleSession("admin");
});
afterAll(() => browser.close());

const uid = () => randomBytes(4).toString("hex");

async function demoMerchant() {
  const m = (await getDb().select().from(merchants).where(eq(merchants.merchantId, demoSecrets().merchantId)))[0];
  if (!m) throw new Error("demo merchant missing");
  return m;
}

/** A second merchant credential with its own pay-out account row, as an admin would have entered it. */
async function secondMerchant() {
  const m = await createMerchant(getDb(), { name: `Second Shop ${uid()}` });
  await getDb().insert(merchantAccounts).values({ merchantId: m.id, currency: "THB", kind: "payout", accountNo: "200100300400" });
  return m;
}

async function payoutFor(merchantId: number, cashAccount: string) {
  const orderNo = generateOrderNo("TH");
  await getDb().insert(payouts).values({
    merchantId, region: "TH", orderNo, amountMinor: 123400n, currency: "THB", paymentMethod: "KBANK",
    cashAccount, beneficiaryKey: `KBANK:${cashAccount}`, receiverName: "Somchai", purpose: "Scope test", status: "PENDING_APPROVAL", contentHash: "e2e",
  });
  return orderNo;
}

async function visibleOrderNos(page: Page): Promise<string> {
  await page.goto("/orders");
  await page.getByTestId("order-row").first().or(page.getByTestId("orders-empty")).waitFor();
  return (await page.locator("main").textContent()) ?? "";
}

describe("item 11: an empty merchant list sees nothing", () => {
  it("admin saves merchantIds: [] for a finance user; that user then sees no orders, not even by orderNo", async () => {
    const email = `scope-${uid()}@demo.test`;
    const password = "finance-scope-password";
    const u = await createUser(getDb(), { email, name: "Scope Finance", role: "finance", allMerchants: true, passwordHash: await hashPassword(password) });
    const orderNo = await payoutFor((await demoMerchant()).id, "1122334455");

    const page = await newPage(browser);
    await signIn(page, email, password);
    expect(await visibleOrderNos(page)).toContain(orderNo);

    const res = await admin.json(`/api/users/${u.id}`, "PATCH", { merchantIds: [] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ allMerchants: false, merchantIds: [] });

    const text = await visibleOrderNos(page);
    expect(text).not.toContain(orderNo);
    expect(text).toContain("No orders found.");
    const api = await page.request.get(`/api/orders?q=${orderNo}`);
    expect(api.status()).toBe(200);
    expect(await api.json()).toMatchObject({ items: [], nextCursor: null });
    expect(await (await page.request.get("/api/orders")).json()).toMatchObject({ items: [], nextCursor: null });
    await screenshot(page, "scope-empty-orders");

    // Both at once is refused, and duplicate ids too: nothing changes.
    expect((await admin.json(`/api/users/${u.id}`, "PATCH", { allMerchants: true, merchantIds: [1] })).status).toBe(400);
    expect((await admin.json(`/api/users/${u.id}`, "PATCH", { merchantIds: [1, 1] })).status).toBe(400);
    expect((await getDb().select({ all: users.allMerchants }).from(users).where(eq(users.id, u.id)))[0]?.all).toBe(false);
    await page.context().close();
  });
});

describe("item 13: a user scoped to one merchant, created and changed through the UI", () => {
  it("Add user with one merchant ticked sends the request; that user sees only that merchant's orders", async () => {
    const demo = await demoMerchant();
    const second = await secondMerchant();
    const demoOrder = await payoutFor(demo.id, "9988776655");
    const secondOrder = await payoutFor(second.id, "5544332211");

    const page = await newPage(browser);
    const a = demoUser("admin");
    await signIn(page, a.email, a.password);
    await page.goto("/users");
    const email = `one-merchant-${uid()}@demo.test`;
    const form = page.getByRole("form", { name: "Add a user" });
    await form.getByLabel("E-mail", { exact: true }).fill(email);
    await form.getByLabel("Name", { exact: true }).fill("One Merchant");
    await form.getByLabel("Role", { exact: true }).selectOption("support");
    // Nothing ticked: the form says what that means.
    await expect.poll(() => form.getByTestId("no-merchants-warning").textContent()).toBe("No merchants: this user will see no orders.");
    await form.getByLabel(new RegExp(second.name)).check();
    expect(await form.getByTestId("no-merchants-warning").count()).toBe(0);
    await screenshot(page, "users-add-one-merchant");
    const [req] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith("/api/users") && r.method() === "POST"),
      form.getByRole("button", { name: "Add user" }).click(),
    ]);
    expect(req.postDataJSON()).toMatchObject({ email, allMerchants: false, merchantIds: [second.id] });
    const otp = page.getByTestId("one-time-password");
    await otp.waitFor();
    const password = (await otp.locator("code").textContent()) ?? "";
    const row = page.getByTestId(`user-row-${email}`);
    await expect.poll(() => row.getByTestId("user-merchants").textContent()).toContain(second.name);

    const p2 = await newPage(browser);
    await p2.goto("/sign-in");
    await p2.getByLabel("E-mail").fill(email);
    await p2.getByLabel("Password").fill(password);
    await p2.getByRole("button", { name: "Sign in" }).click();
    await p2.waitForURL((u) => u.pathname === "/account/password");
    await p2.getByLabel("Current password").fill(password);
    await p2.getByLabel("New password", { exact: true }).fill("one-merchant-phrase-26");
    await p2.getByLabel("Repeat the new password").fill("one-merchant-phrase-26");
    await p2.getByRole("button", { name: "Change password" }).click();
    await p2.waitForURL((u) => u.pathname === "/");
    const seen = await visibleOrderNos(p2);
    expect(seen).toContain(secondOrder);
    expect(seen).not.toContain(demoOrder);
    expect(seen).not.toContain(demo.name);
    await screenshot(p2, "orders-one-merchant");

    // Merchant access changed after creation, through the UI: now the demo merchant only.
    await row.getByRole("button", { name: /^Edit/ }).click();
    const editor = row.getByTestId("user-editor");
    await editor.getByLabel(new RegExp(second.name)).uncheck();
    await expect.poll(() => editor.getByTestId("no-merchants-warning").count()).toBe(1);
    await editor.getByLabel(new RegExp(demo.name)).check();
    const [patch] = await Promise.all([
      page.waitForRequest((r) => r.method() === "PATCH"),
      editor.getByRole("button", { name: "Save" }).click(),
    ]);
    expect(patch.postDataJSON()).toEqual({ merchantIds: [demo.id] });
    await expect.poll(() => row.getByTestId("user-merchants").textContent()).toBe(`Merchants: ${demo.name}`);
    const after = await visibleOrderNos(p2);
    expect(after).toContain(demoOrder);
    expect(after).not.toContain(secondOrder);
    await page.context().close();
    await p2.context().close();
  });
});
