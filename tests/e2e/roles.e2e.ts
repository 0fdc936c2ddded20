import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { navFor } from "@/lib/auth/navigation";
import { ROLE_LABELS, ROLES } from "@/lib/auth/permissions";
import { demoUser } from "./helpers/app";
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
