import { eq } from "drizzle-orm";
import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/db";
import { merchants, payouts, users } from "@/db/schema";
import { navFor } from "@/lib/auth/navigation";
import { ROLE_LABELS, ROLES } from "@/lib/auth/permissions";
import { acceptedPayouts, postCallback } from "../../scripts/live-load";
import { createPayout } from "../helpers/factories";
import { baseUrl, demoSecrets, demoUser } from "./helpers/app";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe("each demo role signs in and sees its own navigation", () => {
  it.each(ROLES)("%s", async (role) => {
    const page = await newPage(browser);
    const u = demoUser(role);
    await signIn(page, u.email, u.password);
    await expect.poll(() => page.getByTestId("current-user").textContent()).toContain(ROLE_LABELS[role]);
    const nav = page.getByRole("navigation", { name: "Main" }).getByRole("link");
    await expect.poll(() => nav.allTextContents()).toEqual(navFor(role).map((i) => i.label));
    await screenshot(page, `nav-${role}`);
    // Signing out ends the session: the overview sends us back to sign in.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await page.context().close();
  });

  it("an empty sign-in shows field messages and sends nothing", async () => {
    const page = await newPage(browser);
    const calls: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/auth/callback")) calls.push(r.url());
    });
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("[data-field-error=email]").textContent()).toBe("Enter an e-mail address");
    expect(await page.locator("[data-field-error=password]").textContent()).toBe("Enter your password");
    await page.getByLabel("E-mail").fill("not-an-email");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("[data-field-error=email]").textContent()).toBe("Enter a valid e-mail address");
    expect(calls).toEqual([]);
    await page.context().close();
  });
});

describe("the header's bell", () => {
  it("counts what waits for an approver, follows the event stream without a reload, opens the approvals with a progress bar while the page loads", async () => {
    const [m] = await getDb().select({ id: merchants.id }).from(merchants).where(eq(merchants.merchantId, demoSecrets().merchantId));
    const [fin] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, demoUser("finance").email));
    if (!m || !fin) throw new Error("no demo merchant or finance user");
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1440, height: 900 });
    const u = demoUser("approver");
    await signIn(page, u.email, u.password);
    await page.goto("/");
    await page.locator('[data-testid="live-state"][data-state="live"]').waitFor({ timeout: 20_000 });
    // Asked from the page itself once it is live: a response the page fetched may be gone by the time a test reads it.
    const before = await page.evaluate(async () => ((await (await fetch("/api/notifications")).json()) as { total: number }).total);
    const bell = page.getByTestId("notification-bell");
    await expect.poll(async () => Number(await bell.getAttribute("data-total"))).toBe(before);

    // A pay-out finance made now waits for this approver; any order event makes the bell ask again.
    const tag = Date.now().toString(36).toUpperCase();
    const waiting = await createPayout(getDb(), { merchantId: m.id, status: "PENDING_APPROVAL", createdBy: fin.id, orderNo: `BELL${tag}`, cashAccount: `77${Date.now() % 100_000_000}` });
    const sql = postgres(inject("e2eDatabaseUrl"), { max: 1, onnotice: () => undefined });
    try {
      const [p] = await acceptedPayouts(sql, m.id, 1);
      if (!p) throw new Error("no pay-out");
      await postCallback(baseUrl(), p, { merchantId: demoSecrets().merchantId, platformPrivateKey: demoSecrets().platformPrivateKey });
      await expect.poll(async () => Number(await bell.getAttribute("data-total")), { timeout: 10_000 }).toBe(before + 1);
      await bell.click();
      const entry = page.getByTestId("notification-approvals");
      await expect.poll(() => entry.textContent()).toMatch(/pay-outs? waits? for your approval/);
      await screenshot(page, "bell-open-1440");
      // A slow page: a thin bar at the top while it loads.
      await page.route(/\/approvals(\?|$)/, async (route) => {
        if (route.request().headers()["rsc"]) await new Promise((r) => setTimeout(r, 1_500));
        await route.continue();
      });
      await entry.click();
      await page.getByTestId("navigation-progress").waitFor({ timeout: 1_400 });
      await page.waitForURL((url) => url.pathname === "/approvals");
      await expect.poll(() => page.getByTestId("navigation-progress").count()).toBe(0);
      await page.unroute(/\/approvals(\?|$)/);
      await page.setViewportSize({ width: 390, height: 844 });
      await bell.click();
      await page.getByTestId("notification-approvals").waitFor();
      await screenshot(page, "bell-open-390");
    } finally {
      await getDb().update(payouts).set({ status: "CANCELLED" }).where(eq(payouts.id, waiting.id));
      await sql.end({ timeout: 1 });
      await page.context().close();
    }
  });
});
