import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "@/lib/demo/seed-demo";
import { baseUrl } from "./helpers/app";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await page.setViewportSize({ width: 1440, height: 900 });
  const admin = DEMO_USERS.find((u) => u.role === "admin");
  if (!admin) throw new Error("no demo admin");
  await signIn(page, admin.email, admin.password);
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe("the callback log page", () => {
  it("shows a refused callback with its raw body and the count per source address, at 1440 and 390 px", async () => {
    const marker = `not-json-${Date.now()}`;
    const res = await fetch(`${baseUrl()}/api/callbacks/smilepayz`, { method: "POST", headers: { "content-type": "application/json" }, body: marker });
    expect(res.status).toBe(400);
    await page.goto("/callbacks");
    const entry = page.getByTestId("callback-entry").filter({ hasText: "invalid" }).first();
    await entry.waitFor({ timeout: 20_000 });
    await entry.getByText("Headers and raw body").click();
    await expect.poll(() => entry.textContent()).toContain(marker);
    expect(await page.getByTestId("refusals").textContent()).toMatch(/127\.0\.0\.1: \d+/);
    await screenshot(page, "callback-log-1440");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId("callback-entry").first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "callback-log-390");
  });
});
