import { and, eq, isNull } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, sessions, signInFailures, users } from "@/db/schema";
import { baseUrl, freshUser, gatewayUrl, nextTotpCode } from "./helpers/app";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** E-mail, password and (when given) the code in one step, as the form asks for them. */
async function fillSignIn(page: Page, email: string, password: string, code?: string) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  if (code) await page.getByLabel("Authenticator code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("second factor: a code signs in once", () => {
  it("finance must use a code, and the same code is refused on a second sign-in with the one answer", async () => {
    const f = await freshUser("finance");
    const code = await nextTotpCode(f.email, f.secret ?? "");

    const first = await newPage(browser);
    await first.goto("/sign-in");
    await fillSignIn(first, f.email, f.password, code);
    await first.waitForURL((u) => u.pathname === "/");

    // Someone who saw the code (over a shoulder, a phishing page) tries it again at once, with the password.
    const second = await newPage(browser);
    await second.goto("/sign-in");
    await fillSignIn(second, f.email, f.password, code);
    const error = second.getByTestId("sign-in-error");
    await expect.poll(() => error.textContent()).toBe("E-mail, password or code is wrong.");
    expect(new URL(second.url()).pathname).toBe("/sign-in");
    expect(await second.getByLabel("Authenticator code").inputValue()).toBe(""); // a code is good once
    await second.setViewportSize({ width: 1440, height: 900 });
    await screenshot(second, "totp-reused-1440");
    await second.setViewportSize({ width: 390, height: 800 });
    await screenshot(second, "totp-reused-390");
    const counted = await getDb().select({ reasons: signInFailures.reasons }).from(signInFailures).where(eq(signInFailures.account, f.email));
    expect(counted.map((c) => c.reasons)).toEqual([{ reused_code: 1 }]);
    expect(await getDb().$count(auditLog, and(eq(auditLog.actorEmail, f.email), eq(auditLog.action, "auth.sign_in")))).toBe(1);

    // The next code from the app works.
    await second.getByLabel("Authenticator code").fill(await nextTotpCode(f.email, f.secret ?? ""));
    await second.getByRole("button", { name: "Sign in" }).click();
    await second.waitForURL((u) => u.pathname === "/");
    await first.context().close();
    await second.context().close();
  });

  it("support may opt in from My account", async () => {
    const s = await freshUser("support");
    const page = await newPage(browser);
    await signIn(page, s.email, s.password);
    await page.goto("/account");
    expect(await page.getByTestId("two-factor-state").textContent()).toBe("Off (optional for your role)");
    await page.getByRole("link", { name: "Set up two-factor sign-in" }).click();
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
    await page.getByLabel("Code from the app").fill(await nextTotpCode(s.email, secret));
    await page.getByRole("button", { name: "Turn on two-factor" }).click();
    await page.getByRole("button", { name: "I have saved them, continue" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    const row = (await getDb().select({ on: users.totpEnabled }).from(users).where(eq(users.id, s.id)))[0];
    expect(row?.on).toBe(true);
    await page.context().close();
  });
});

describe("after sign-in: only the app's own origin", () => {
  const other = new URL(gatewayUrl());
  const elsewhere = `localhost:${other.port}`;
  // As typed into the address bar: the query is decoded once by the app, as in the reported attacks.
  const nextValues = [
    `/%5C${elsewhere}/x`,
    `/%09/${elsewhere}/x`,
    `/%0A/${elsewhere}/x`,
    `//${elsewhere}/x`,
    `/%5C/${elsewhere}/x`,
    `%2F%2F${elsewhere}/x`,
    `/.//${elsewhere}/x`,
    `https://example.com/`,
    `javascript:alert(document.domain)`,
  ];

  it.each(nextValues)("next=%s stays on the app", async (next) => {
    const s = await freshUser("support");
    const page = await newPage(browser);
    const hosts = new Set<string>();
    page.on("request", (r) => hosts.add(new URL(r.url()).host));
    await page.goto(`/sign-in?next=${next}`);
    await fillSignIn(page, s.email, s.password);
    await page.waitForURL((u) => !u.pathname.startsWith("/sign-in") || u.origin !== baseUrl());
    await page.getByRole("navigation", { name: "Main" }).getByRole("link").first().or(page.getByRole("button", { name: "Menu" })).waitFor();
    expect(new URL(page.url()).origin).toBe(baseUrl());
    expect(new URL(page.url()).pathname).toBe("/");
    expect([...hosts]).toEqual([new URL(baseUrl()).host]);
    await page.context().close();
  });

  it("a same-origin next with a query is kept", async () => {
    const s = await freshUser("support");
    const page = await newPage(browser);
    await page.goto(`/sign-in?next=${encodeURIComponent("/account?tab=security")}`);
    await fillSignIn(page, s.email, s.password);
    await page.waitForURL((u) => u.pathname === "/account");
    expect(new URL(page.url()).search).toBe("?tab=security");
    await page.context().close();
  });
});

describe("deep links survive sign-in and set-up", () => {
  it("signed out, /orders?q=… goes to sign-in with next, and back there after", async () => {
    const s = await freshUser("support");
    const page = await newPage(browser);
    await page.goto("/orders?q=TH123ABC");
    await page.waitForURL((u) => u.pathname === "/sign-in");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/orders?q=TH123ABC");
    await screenshot(page, "sign-in-with-next");
    await signIn(page, s.email, s.password, page.url());
    await page.waitForURL((u) => u.pathname === "/orders");
    expect(new URL(page.url()).search).toBe("?q=TH123ABC");
    await page.context().close();
  });

  it("a new finance user passes the forced password change and two-factor set-up, then lands on the deep link", async () => {
    const f = await freshUser("finance", { totp: false, mustChangePassword: true });
    const page = await newPage(browser);
    await page.goto("/orders?q=TH777XYZ");
    await page.waitForURL((u) => u.pathname === "/sign-in");
    await fillSignIn(page, f.email, f.password);

    await page.waitForURL((u) => u.pathname === "/account/password");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/orders?q=TH777XYZ");
    await page.getByLabel("Current password").fill(f.password);
    await page.getByLabel("New password", { exact: true }).fill("a-much-better-phrase-26");
    await page.getByLabel("Repeat the new password").fill("a-much-better-phrase-26");
    await page.getByRole("button", { name: "Change password" }).click();

    await page.waitForURL((u) => u.pathname === "/account/two-factor");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/orders?q=TH777XYZ");
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
    await page.getByLabel("Code from the app").fill(await nextTotpCode(f.email, secret));
    await page.getByRole("button", { name: "Turn on two-factor" }).click();
    await page.getByRole("button", { name: "I have saved them, continue" }).click();

    await page.waitForURL((u) => u.pathname === "/orders");
    expect(new URL(page.url()).search).toBe("?q=TH777XYZ");
    await page.context().close();
  });
});

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const openSessionsOf = (userId: number) => and(eq(sessions.userId, userId), isNull(sessions.revokedAt));

describe("sessions and recovery codes", () => {
  it("two-factor enrolment shows ten recovery codes once; one signs in in place of the app's code, once", async () => {
    const f = await freshUser("finance", { totp: false });
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/sign-in");
    await fillSignIn(page, f.email, f.password);
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
    await page.getByLabel("Code from the app").fill(await nextTotpCode(f.email, secret));
    await page.getByRole("button", { name: "Turn on two-factor" }).click();
    const list = page.getByTestId("recovery-codes").locator("li");
    await expect.poll(() => list.count()).toBe(10);
    const codes = await list.allTextContents();
    expect(new Set(codes).size).toBe(10);
    await screenshot(page, "recovery-codes-1440");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "recovery-codes-390");
    await page.getByRole("button", { name: "I have saved them, continue" }).click();
    await page.waitForURL((u) => u.pathname === "/");

    // The phone is lost: another browser signs in with a recovery code instead of the app's code.
    const useCode = async (code: string) => {
      const other = await newPage(browser);
      await other.goto("/sign-in");
      await other.getByLabel("E-mail").fill(f.email);
      await other.getByLabel("Password").fill(f.password);
      await other.getByRole("button", { name: "Lost your phone? Use a recovery code" }).click();
      await other.getByLabel("Recovery code").fill(code);
      await other.getByRole("button", { name: "Sign in" }).click();
      return other;
    };
    const second = await useCode(codes[0] ?? "");
    await second.waitForURL((u) => u.pathname === "/");
    const third = await useCode(codes[0] ?? "");
    await expect.poll(() => third.getByTestId("sign-in-error").textContent()).toBe("E-mail, password or code is wrong.");
    expect(await getDb().$count(auditLog, and(eq(auditLog.actorEmail, f.email), eq(auditLog.action, "auth.recovery_code_used")))).toBe(1);
    for (const p of [page, second, third]) await p.context().close();
  });

  it("the account page lists this browser and another, ends the other, and that tab is told why; a session idle on the server too", async () => {
    const s = await freshUser("support");
    const mine = await newPage(browser);
    await mine.setViewportSize({ width: 1440, height: 900 });
    await signIn(mine, s.email, s.password);
    const phone = await (await browser.newContext({ baseURL: baseUrl(), userAgent: IPHONE, viewport: { width: 390, height: 844 } })).newPage();
    await signIn(phone, s.email, s.password);
    await mine.goto("/account");
    const rows = mine.getByTestId("session-row");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await mine.locator("[data-testid=session-row][data-current=true]").textContent()).toContain("This browser");
    expect(await mine.locator("[data-testid=session-row][data-current=false]").textContent()).toContain("Safari on iPhone");
    await screenshot(mine, "account-sessions-1440");
    await mine.setViewportSize({ width: 390, height: 844 });
    await screenshot(mine, "account-sessions-390");
    await mine.locator("[data-testid=session-row][data-current=false]").getByRole("button", { name: "End" }).click();
    await expect.poll(() => rows.count()).toBe(1);

    // The phone's next page load is told why. A fresh tab of that browser (same cookies): the old tab's own scripts
    // may be navigating it at the same moment, which aborts a goto there (ERR_ABORTED, seen in CI).
    const phoneTab = await phone.context().newPage();
    await phone.close();
    await phoneTab.goto("/orders");
    await phoneTab.waitForURL((u) => u.pathname === "/sign-in");
    expect(new URL(phoneTab.url()).searchParams.get("reason")).toBe("ended_elsewhere");
    expect(await phoneTab.getByTestId("signed-out-reason").textContent()).toContain("ended from another session");

    // Nobody used this browser for 16.5 minutes: the next page says so.
    await getDb().update(sessions).set({ lastSeenAt: new Date(Date.now() - 16.5 * 60_000) }).where(openSessionsOf(s.id));
    await mine.goto("/account");
    await mine.waitForURL((u) => u.pathname === "/sign-in");
    expect(new URL(mine.url()).searchParams.get("reason")).toBe("idle");
    expect(await mine.getByTestId("signed-out-reason").textContent()).toBe("You were signed out because nobody used this browser for 15 minutes.");
    await screenshot(mine, "signed-out-idle-390");
    await mine.context().close();
    await phone.context().close();
  });

  it("a tab's background fetches do not keep its session; left alone it warns a minute before, Stay signed in keeps it, then it signs out and says why", async () => {
    const s = await freshUser("support");
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.clock.install();
    await signIn(page, s.email, s.password);
    await page.goto("/");
    const tenAgo = new Date(Date.now() - 10 * 60_000);
    await getDb().update(sessions).set({ lastSeenAt: tenAgo }).where(openSessionsOf(s.id));
    expect(await page.evaluate(async () => (await fetch("/api/notifications")).status)).toBe(200);
    const [row] = await getDb().select({ at: sessions.lastSeenAt }).from(sessions).where(openSessionsOf(s.id));
    expect(Math.abs((row?.at.getTime() ?? 0) - tenAgo.getTime())).toBeLessThan(1_000);
    await getDb().update(sessions).set({ lastSeenAt: new Date() }).where(openSessionsOf(s.id));

    // The idle clock starts when the page's guard is armed (after hydration): moving the clock before that moves nothing.
    await page.locator("[data-testid=idle-warning][data-armed]").waitFor({ state: "attached" });
    await page.clock.fastForward("13:50");
    const warning = page.getByTestId("idle-warning");
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/signed out in \d+ seconds/);
    await screenshot(page, "idle-warning-1440");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "idle-warning-390");
    const reported = page.waitForRequest((r) => new URL(r.url()).pathname === "/api/account/activity" && r.method() === "POST");
    await page.getByRole("button", { name: "Stay signed in" }).click();
    await reported;
    await warning.waitFor({ state: "hidden" });

    await page.clock.fastForward("14:50");
    await page.waitForURL((u) => u.pathname === "/sign-in", { timeout: 15_000 });
    expect(new URL(page.url()).searchParams.get("reason")).toBe("idle");
    expect(await page.getByTestId("signed-out-reason").textContent()).toContain("nobody used this browser for 15 minutes");
    expect(await getDb().$count(sessions, openSessionsOf(s.id))).toBe(0);
    await page.context().close();
  });
});
