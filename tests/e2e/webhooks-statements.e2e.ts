import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, demoUser, sandboxScenario } from "./helpers/app";
import { launchBrowser, screenshot, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function pageAs(role: "admin" | "finance"): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: baseUrl(), viewport: { width: 390, height: 844 } })).newPage();
  const u = demoUser(role);
  await signIn(page, u.email, u.password);
  return page;
}

/** A JSON request from the signed-in page itself (its cookie, its origin), as the page's own code makes it. */
async function call<T>(page: Page, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ path, body, headers }) => {
      const res = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as T };
    },
    { path, body, headers },
  );
}

const widthOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe("webhook endpoints, statements and payment advice on a 390 px phone", () => {
  it("an admin's endpoint page (its delivery log, roll and switch) fits, and never shows the secret", async () => {
    const page = await pageAs("admin");
    const [cred] = (await call<{ id: number }[]>(page, "/api/merchants")).body;
    const made = await call<{ endpoint: { id: number }; secret: string }>(page, "/api/webhook-endpoints", {
      credentialId: cred?.id,
      url: `https://webhooks.example.com/e2e-${Date.now()}`,
      events: ["payout.succeeded", "payout.failed"],
    });
    expect(made.status).toBe(201);
    await page.goto(`/webhooks/${made.body.endpoint.id}`);
    await page.getByText("webhooks.example.com").first().waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(390);
    expect(await page.content()).not.toContain(made.body.secret);
    await screenshot(page, "webhook-endpoint-390");
    await page.context().close();
  });

  it("finance's statement of today and a paid pay-out's payment advice fit, with the day's time zone and the pay-out's numbers", async () => {
    const page = await pageAs("finance");
    const [cred] = (await call<{ id: number }[]>(page, "/api/merchants/options")).body;
    // The bundled sandbox pays most pay-outs and fails or expires some at random: this one is told to succeed.
    const orderNo = `AD${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1e6)}`;
    expect((await sandboxScenario({ orderNo, count: 1, fate: { outcome: "SUCCESS", afterMs: 300 } })).status).toBe(201);
    const created = await call<{ payout: { id: number; orderNo: string } }>(
      page,
      "/api/payouts",
      { credentialId: cred?.id, region: "TH", method: "KBANK", account: String(Date.now()).slice(-10), amount: "120", purpose: "Advice at 390 px", orderNo },
      { "idempotency-key": `advice-390-${Date.now()}` },
    );
    expect(created.status).toBe(201);
    const { id } = created.body.payout;
    // The bundled sandbox pays it; the advice exists for a paid pay-out only.
    await expect.poll(async () => (await call<{ payout: { status: string } }>(page, `/api/payouts/${id}`)).body.payout.status, { timeout: 60_000 }).toBe("SUCCESS");
    await page.goto(`/payouts/${id}/advice`);
    await page.getByText(orderNo).first().waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(390);
    await screenshot(page, "payment-advice-390");

    await page.goto("/statements");
    await page.getByText(/UTC/).first().waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(390);
    await screenshot(page, "statement-390");
    await page.context().close();
  });
});
