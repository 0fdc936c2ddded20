import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, signInFailures, users } from "@/db/schema";
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
