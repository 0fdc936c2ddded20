import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { merchants, payouts } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { createUser } from "../helpers/factories";
import { demoSecrets, demoUser } from "./helpers/app";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe("sign-in lock-out", () => {
  it("after repeated wrong passwords the user sees a clear lock message, even with the right password", async () => {
    const email = `locked-${Date.now()}@demo.test`;
    await createUser(getDb(), { email, role: "finance", passwordHash: await hashPassword("the-right-password-1") });
    const page = await newPage(browser);
    await page.goto("/sign-in");
    const error = page.getByTestId("sign-in-error");
    for (let i = 0; i < 5; i++) {
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill(`wrong-${i}`);
      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials")),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      await expect.poll(() => error.textContent(), { timeout: 15_000 }).toMatch(i < 4 ? /Wrong e-mail or password/ : /locked for 15 minutes/);
    }
    await page.getByLabel("Password").fill("the-right-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => error.textContent()).toMatch(/Too many failed sign-in attempts\. Sign-in is locked for 15 minutes/);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await screenshot(page, "locked-out");
  });
});

describe("account numbers by role", () => {
  it("support sees masked account numbers and tax ids; finance sees them whole", async () => {
    const db = getDb();
    const demo = (await db.select().from(merchants).where(eq(merchants.merchantId, demoSecrets().merchantId)))[0];
    if (!demo) throw new Error("demo merchant missing");
    const orderNo = generateOrderNo("BR");
    await db.insert(payouts).values({
      merchantId: demo.id, region: "BR", orderNo, amountMinor: 10000n, currency: "BRL", paymentMethod: "CPF",
      cashAccount: "12532481501", taxNumber: "12345678909", receiverName: "Maria Silva", purpose: "Reembolso", status: "PENDING_APPROVAL",
        contentHash: "e2e",
    });

    const support = await newPage(browser);
    const s = demoUser("support");
    await signIn(support, s.email, s.password);
    await support.goto(`/orders`);
    await support.getByLabel("orderNo or tradeNo").fill(orderNo);
    await support.getByRole("button", { name: "Look up" }).click();
    const cell = support.getByTestId("order-account").first();
    await expect.poll(() => cell.textContent()).toContain("1501");
    expect(await cell.textContent()).not.toContain("12532481501");
    expect(await cell.textContent()).toContain("•••••••1501");
    const api = await support.request.get(`/api/orders?q=${orderNo}`);
    const body = await api.text();
    expect(body).not.toContain("12532481501");
    expect(body).not.toContain("12345678909");
    await screenshot(support, "support-masked");

    const finance = await newPage(browser);
    const f = demoUser("finance");
    await signIn(finance, f.email, f.password);
    const full = await (await finance.request.get(`/api/orders?q=${orderNo}`)).text();
    expect(full).toContain("12532481501");
  });
});
