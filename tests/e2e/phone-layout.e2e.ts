import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { navFor, subPagesFor } from "@/lib/auth/navigation";
import { ROLES } from "@/lib/auth/permissions";
import { baseUrl, demoUser } from "./helpers/app";
import { launchBrowser, screenshot, sidewaysScroll, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());


/** Every page of a role: its navigation plus the account sub-pages. */
const pagesOf = (role: (typeof ROLES)[number]) => [...navFor(role).map((i) => i.href), ...subPagesFor(role).map((i) => i.href), "/account/password"];

async function settle(page: Page) {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.getByText(/^Loading/).first().waitFor({ state: "detached", timeout: 10_000 }).catch(() => undefined);
}

describe("every page fits a 390 px phone, for every role; at 1440 px the header is one line, with a skip link first", () => {
  it.each(ROLES)("%s", async (role) => {
    const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const u = demoUser(role);
    await signIn(page, u.email, u.password);
    const widths: Record<string, string> = {};
    for (const path of pagesOf(role)) {
      const slug = path === "/" ? "overview" : path.slice(1).replace(/\//g, "-");
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(path);
      await settle(page);
      expect(await sidewaysScroll(page, 1440), `${path} at 1440 px`).toBe("");
      if (path === "/") {
        // The header is one line at 1440 px (links, bell, user, Sign out share a row) ...
        const rows = await page.evaluate(() =>
          [...document.querySelectorAll("header a, header button, header [data-testid=current-user]")]
            .map((e) => e.getBoundingClientRect())
            .filter((r) => r.width > 0)
            .map((r) => Math.round(r.top + r.height / 2)),
        );
        expect(Math.max(...rows) - Math.min(...rows), `${role}'s header rows at 1440 px`).toBeLessThanOrEqual(6);
        // ... with nothing on top of anything: each control is the topmost element at its own centre (Sign out too).
        const covered = await page.evaluate(() =>
          [...document.querySelectorAll("header a, header button")]
            .filter((e) => e.getBoundingClientRect().width > 0)
            .filter((e) => {
              const r = e.getBoundingClientRect();
              const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return !top || !(e === top || e.contains(top));
            })
            .map((e) => e.textContent?.trim() || e.getAttribute("aria-label") || e.tagName),
        );
        expect(covered, `${role}'s header controls covered by another at 1440 px`).toEqual([]);
        // ... and the first Tab reaches "Skip to content", which moves focus past the header.
        await page.keyboard.press("Tab");
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
        await page.keyboard.press("Enter");
        expect(await page.evaluate(() => document.activeElement?.id)).toBe("main-content");
      }
      await screenshot(page, `w1440-${role}-${slug}`);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(path);
      await settle(page);
      widths[path] = (await sidewaysScroll(page, 390)) || "fits";
      // The bell stays in reach on a phone, beside the Menu button.
      if (path === "/") expect(await page.getByTestId("notification-bell").isVisible(), `${role}'s bell at 390 px`).toBe(true);
      await screenshot(page, `w390-${role}-${slug}`);
      // Forms that open on a page count too: a new credential (with an account row) and a user's editor.
      const opener =
        path === "/merchants" ? page.getByRole("button", { name: "New credential" }) : path === "/users" ? page.getByRole("button", { name: /^Edit/ }).first() : null;
      if (opener) {
        await opener.click();
        if (path === "/merchants") await page.getByRole("button", { name: "Add account" }).click();
        widths[`${path} (form open)`] = (await sidewaysScroll(page, 390)) || "fits";
        await screenshot(page, `w390-${role}-${slug}-form`);
      }
    }
    expect(widths).toEqual(Object.fromEntries(Object.keys(widths).map((p) => [p, "fits"])));

    // The header collapses: links hidden behind a Menu button that opens them.
    const menu = page.getByRole("button", { name: "Menu" });
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await menu.isVisible()).toBe(true);
    expect(await nav.isVisible()).toBe(false);
    await menu.click();
    await expect.poll(() => nav.getByRole("link").allTextContents()).toEqual(navFor(role).map((i) => i.label));
    expect(await sidewaysScroll(page, 390)).toBe("");
    await screenshot(page, `w390-${role}-menu-open`);
    await context.close();
  });
});

describe("item 15: signed-out pages fit a phone too", () => {
  it.each(["/sign-in", "/no-such-page"])("%s", async (path) => {
    const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(path);
    await settle(page);
    expect(await sidewaysScroll(page, 390)).toBe("");
    await screenshot(page, `w390-public${path.replace(/\//g, "-")}`);
    await context.close();
  });
});

describe("item 19: icons, and no 404 on a page load", () => {
  it("the sign-in page and the overview load with no 404 and no console error", async () => {
    const context = await browser.newContext({ baseURL: baseUrl() });
    const page = await context.newPage();
    const missing: string[] = [];
    const consoleErrors: string[] = [];
    page.on("response", (r) => {
      if (r.status() === 404) missing.push(r.url());
    });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    await page.goto("/sign-in");
    await page.waitForLoadState("networkidle");
    const u = demoUser("support");
    await signIn(page, u.email, u.password);
    await page.waitForLoadState("networkidle");
    expect(missing).toEqual([]);
    expect(consoleErrors.filter((t) => /404|favicon|icon/i.test(t))).toEqual([]);
    const icons = await page.evaluate(() => [...document.querySelectorAll("link[rel~=icon], link[rel=apple-touch-icon]")].map((l) => l.getAttribute("href")));
    expect(icons).toEqual(expect.arrayContaining(["/icon.svg", "/favicon.ico", "/apple-touch-icon.png"]));
    for (const [path, type] of [["/favicon.ico", /icon/], ["/icon.svg", /svg/], ["/apple-touch-icon.png", /png/], ["/icon-192.png", /png/]] as const) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(200);
      expect(res.headers()["content-type"]).toMatch(type);
    }
    await context.close();
  });
});
