import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, merchants, payouts, signInFailures, userMerchants, users } from "@/db/schema";
import { parseSignInError } from "@/lib/auth/sign-in-errors";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { apiSignIn, baseUrl, demoSecrets, demoUser, freshUser, nextTotpCode } from "./helpers/app";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sign-in lock-out cannot be used as a weapon", () => {
  it("wrong guesses from many addresses only delay the admin, who gets in with password and code after the wait", async () => {
    const admin = await freshUser("admin");
    try {
      // The attacker: guesses from a new X-Forwarded-For each time, waiting out each announced delay; then a burst.
      const answers: string[] = [];
      for (let i = 1; i <= 6; i++) {
        const r = await apiSignIn(admin.email, `wrong-guess-${i}`, undefined, { "x-forwarded-for": `203.0.113.${i}` });
        answers.push(r.error ?? "ok");
        if (i < 6) await sleep(parseSignInError(r.error ?? "").waitSeconds * 1_000 + 100);
      }
      expect(answers).toEqual(["invalid_credentials", "invalid_credentials", "invalid_credentials", "invalid_credentials:1", "invalid_credentials:2", "invalid_credentials:4"]);
      const burst = await Promise.all([7, 8, 9].map((i) => apiSignIn(admin.email, `wrong-guess-${i}`, undefined, { "x-forwarded-for": `198.51.100.${i}` })));
      // Refused before their time: answered with the wait, the password not even checked; counted, not one row each.
      expect(burst.map((b) => parseSignInError(b.error ?? "").code)).toEqual(["throttled", "throttled", "throttled"]);
      // Counted per account, address and minute; a closed minute may already be one audit row (the minutely job).
      const counted = await getDb().select({ ip: signInFailures.ip, reasons: signInFailures.reasons }).from(signInFailures).where(eq(signInFailures.account, admin.email));
      const audited = await getDb().select({ action: auditLog.action, ip: auditLog.ip, after: auditLog.after }).from(auditLog).where(eq(auditLog.actorEmail, admin.email));
      expect(new Set(audited.map((a) => a.action))).toEqual(new Set(audited.length ? ["auth.sign_in_failures"] : []));
      const buckets = [...counted, ...audited.map((a) => ({ ip: a.ip ?? "", reasons: (a.after as { reasons: Record<string, number> }).reasons }))];
      const total = (reason: string) => buckets.reduce((n, c) => n + (c.reasons[reason] ?? 0), 0);
      expect([total("wrong_password"), total("throttled_account")]).toEqual([6, 3]);
      expect(new Set(buckets.map((c) => c.ip))).toEqual(new Set(["127.0.0.1"])); // X-Forwarded-For is not believed

      // The admin, meanwhile, in a browser that never signed in to this account: told to wait (no lock), then in.
      const page = await newPage(browser);
      await page.goto("/sign-in");
      await page.getByLabel("E-mail").fill(admin.email);
      await page.getByLabel("Password").fill(admin.password);
      await page.getByLabel("Authenticator code").fill(await nextTotpCode(admin.email, admin.secret ?? ""));
      const started = Date.now();
      await page.getByRole("button", { name: "Sign in" }).click();
      const error = page.getByTestId("sign-in-error");
      await expect.poll(() => error.textContent(), { timeout: 15_000 }).toMatch(/Too many failed sign-in attempts\. Wait \d+ seconds? before the next attempt\./);
      const text = (await error.textContent()) ?? "";
      expect(text).not.toMatch(/locked|minutes/i);
      const announced = Number(/Wait (\d+) second/.exec(text)?.[1]);
      expect(announced).toBeGreaterThanOrEqual(1);
      expect(announced).toBeLessThanOrEqual(30);
      expect(await page.getByRole("button", { name: "Sign in" }).isDisabled()).toBe(true);
      await page.setViewportSize({ width: 1440, height: 900 });
      await screenshot(page, "sign-in-wait-1440");
      await page.setViewportSize({ width: 390, height: 800 });
      await screenshot(page, "sign-in-wait-390");

      await page.getByRole("button", { name: "Sign in" }).and(page.locator(":enabled")).waitFor({ timeout: 35_000 });
      await page.getByLabel("Authenticator code").fill(await nextTotpCode(admin.email, admin.secret ?? ""));
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => u.pathname === "/", { timeout: 20_000 });
      const waited = (Date.now() - started) / 1000;
      expect(waited).toBeLessThan(announced + 10); // the announced delay at most, plus page work
      await page.getByRole("navigation", { name: "Main" }).getByRole("link").first().or(page.getByRole("button", { name: "Menu" })).waitFor();
      const outcome = await getDb().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorEmail, admin.email));
      expect(outcome.map((o) => o.action)).toContain("auth.sign_in");
      await page.context().close();
    } finally {
      await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, admin.id)); // not another admin for other files
    }
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
      cashAccount: "12532481501", beneficiaryKey: "12345678909", taxNumber: "12345678909", receiverName: "Maria Silva", purpose: "Reembolso", status: "PENDING_APPROVAL",
        contentHash: "e2e",
    });

    const support = await newPage(browser);
    const s = demoUser("support");
    await signIn(support, s.email, s.password);
    // The search page takes its query from the URL (the header search sends an exact id to the order itself).
    await support.goto(`/orders?q=${orderNo}`);
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

  it("Reveal puts the whole number in the mask's place, copies it, and masks it again after a minute", async () => {
    const db = getDb();
    const demo = (await db.select().from(merchants).where(eq(merchants.merchantId, demoSecrets().merchantId)))[0];
    if (!demo) throw new Error("demo merchant missing");
    const account = "12345678901234567890";
    const [p] = await db
      .insert(payouts)
      .values({
        merchantId: demo.id, region: "TH", orderNo: generateOrderNo("TH"), amountMinor: 150000n, currency: "THB", paymentMethod: "KBANK",
        cashAccount: account, beneficiaryKey: `KBANK:${account}`, receiverName: "Somchai Jaidee", purpose: "Reveal e2e", status: "SUCCESS", contentHash: "e2e",
      })
      .returning();
    if (!p) throw new Error("no pay-out");
    const u = await freshUser("support", { totp: false });
    await db.update(users).set({ canReveal: true }).where(eq(users.id, u.id));
    await db.insert(userMerchants).values({ userId: u.id, merchantId: demo.id });

    const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const page = await context.newPage();
    await page.clock.install();
    await signIn(page, u.email, u.password);
    await page.goto(`/payouts/${p.id}`);
    const shown = page.getByTestId("order-account");
    await expect.poll(() => shown.textContent()).toMatch(/^•{8}7890$/);
    await page.getByRole("button", { name: "Reveal", exact: true }).click();
    await page.getByLabel(/Why do you need the whole account/).fill("Customer reads the account number back");
    await page.getByRole("button", { name: "Reveal account" }).click();
    // The whole number instead of the mask, never the two side by side.
    await expect.poll(() => shown.textContent(), { timeout: 10_000 }).toBe(account);
    expect(await page.locator("main").innerText()).not.toContain("••••••••7890");
    await page.getByRole("button", { name: "Copy account" }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(account);
    await screenshot(page, "h26-reveal-1440");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "h26-reveal-390");
    // A minute later the mask is back, and Reveal asks for a reason again.
    await page.clock.fastForward(61_000);
    await expect.poll(() => shown.textContent(), { timeout: 5_000 }).toMatch(/^•{8}7890$/);
    expect(await page.locator("main").innerText()).not.toContain(account);
    await page.getByRole("button", { name: "Reveal", exact: true }).waitFor();
    await context.close();
  });
});
