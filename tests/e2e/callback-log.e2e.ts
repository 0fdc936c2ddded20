import http from "node:http";
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

/** POST a body that is not a callback from a chosen loopback address (the app counts refusals per address). */
function postFrom(localAddress: string, body: string): Promise<number> {
  const u = new URL(`${baseUrl()}/api/callbacks/smilepayz`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname, method: "POST", localAddress, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("the callback log page", () => {
  it("shows a refused callback with its raw body and the count per source address, at 1440 and 390 px", async () => {
    const marker = `not-json-${Date.now()}`;
    // From a loopback address of its own: only the first few refused bodies per address and minute are kept, and
    // other files send refused callbacks from 127.0.0.1.
    const from = `127.0.${1 + (Date.now() % 200)}.${2 + (process.pid % 250)}`;
    expect(await postFrom(from, marker)).toBe(400);
    await new Promise((r) => setTimeout(r, 1_500)); // refusal counts are written at most once a second
    await page.goto("/callbacks");
    const entry = page.getByTestId("callback-entry").filter({ hasText: from }).first();
    await entry.waitFor({ timeout: 20_000 });
    await entry.getByText("Headers and raw body").click();
    await expect.poll(() => entry.textContent()).toContain(marker);
    expect(await page.getByTestId("refusals").textContent()).toContain(`${from}: 1`);
    await screenshot(page, "callback-log-1440");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId("callback-entry").first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "callback-log-390");
  });

  it("filters by a credential chosen by its name, sending its id", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/callbacks");
    const select = page.getByLabel("Credential", { exact: true });
    await expect.poll(() => select.locator("option").count()).toBeGreaterThan(1);
    const option = select.locator("option").nth(1);
    const [label, id] = [(await option.textContent()) ?? "", (await option.getAttribute("value")) ?? ""];
    expect(label).toMatch(/\S+ \(.+\)/); // "Demo merchant (M123…)", not a bare number
    const asked = page.waitForRequest((r) => r.url().includes("/api/callbacks?") && new URL(r.url()).searchParams.get("merchantId") === id);
    await select.selectOption({ label });
    await page.getByRole("button", { name: "Filter" }).click();
    await asked;
  });
});
