import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, merchants } from "@/db/schema";
import { demoSecrets, demoUser, gatewayUrl, roleSession, type Session } from "./helpers/app";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { launchBrowser, signIn } from "./helpers/browser";
import { approveAsSecondAdmin, createCredentialApproved } from "./helpers/four-eyes";
import { platformPublicKey, registerSandboxMerchant } from "./helpers/sandbox-merchant";
import { baseUrl } from "./helpers/app";

/**
 * Issue 12 items 17 (test connection in plain words, formatted balances, currency check), 14 (confirmations
 * for a new key pair and for production) and 18 (digit account numbers), at 1440 and 390 px wide.
 */
let browser: Browser;
let admin: Session;
beforeAll(async () => {
  browser = await launchBrowser();
  admin = await roleSession("admin");
});
afterAll(() => browser.close());

const uid = () => randomBytes(3).toString("hex");

async function createCredential(merchantId: string, merchantSecret: string, accounts: { currency: string; kind: string; accountNo: string }[]) {
  const { id } = await createCredentialApproved(admin, {
    merchantId,
    name: `Hardening ${merchantId}`,
    environment: "custom",
    customBaseUrl: gatewayUrl(),
    merchantSecret,
    platformPublicKey: platformPublicKey(),
    accounts,
  });
  const keys = (await (await admin.json(`/api/merchants/${id}/key-pair`, "POST", {})).json()) as { publicKey: string };
  return { id, publicKey: keys.publicKey };
}

async function openPage(width: number): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width, height: 900 } });
  const page = await context.newPage();
  const a = demoUser("admin");
  await signIn(page, a.email, a.password);
  await page.goto("/merchants");
  return page;
}

/** What a person sees on the screen (not the whole, long page), in the shared screenshot folder. */
async function screenshot(page: Page, name: string) {
  const dir = path.resolve(__dirname, "../../.test-data/e2e-shots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** The element fits the viewport: nothing inside it is wider than the screen. */
async function fits(page: Page, selector: string, width: number) {
  const box = await page.locator(selector).first().evaluate((el) => ({ right: el.getBoundingClientRect().right, sw: el.scrollWidth, cw: el.clientWidth }));
  expect(box.right).toBeLessThanOrEqual(width);
  expect(box.sw).toBeLessThanOrEqual(box.cw + 1);
}

describe.each([1440, 390])("merchant credentials at %i px", (width) => {
  it("test connection: balance and available formatted, a currency mismatch as an error, a code in plain words", async () => {
    const merchantId = `hard-${uid()}`;
    const secret = randomBytes(12).toString("hex");
    // The accounts the sandbox opens once the public key is uploaded: digits, as a back office shows them.
    const { id, publicKey } = await createCredential(merchantId, secret, []);
    const opened = await registerSandboxMerchant(merchantId, secret, publicKey);
    const thbOut = opened.find((a) => a.currency === "THB" && a.kind === "payout")?.accountNo ?? "";
    expect(thbOut).toMatch(/^\d{16}$/);
    // A PHP account entered with the THB account's number: the gateway answers in THB.
    const accounts = [
      { currency: "THB", kind: "payout", accountNo: thbOut },
      { currency: "PHP", kind: "payout", accountNo: thbOut },
    ];
    const put = await admin.json(`/api/merchants/${id}`, "PUT", {
      merchantId, name: `Hardening ${merchantId}`, environment: "custom", customBaseUrl: gatewayUrl(), merchantSecret: "",
      platformPublicKey: platformPublicKey(), accounts,
    });
    expect(put.status).toBe(200);
    // A second credential the gateway has never heard of (code 03).
    const unknownId = `nobody-${uid()}`;
    await createCredential(unknownId, "unknown-secret-1", [{ currency: "THB", kind: "payout", accountNo: "1234567890" }]);

    const page = await openPage(width);
    const card = page.getByTestId(`credential-${merchantId}`);
    await card.getByRole("button", { name: "Test connection" }).click();
    const ok = card.getByTestId("balance-line");
    await ok.waitFor({ timeout: 20_000 });
    expect(await ok.getByTestId("balance").textContent()).toBe("10,000,000.00 THB");
    expect(await ok.getByTestId("available").textContent()).toBe("10,000,000.00 THB");
    const bad = card.getByTestId("failure-line");
    expect(await bad.getByTestId("failure-message").textContent()).toMatch(/answered in THB for this PHP account/);
    expect(await bad.getByTestId("failure-raw").textContent()).toBe("currency THB ≠ PHP");
    expect(await bad.textContent()).not.toMatch(/PHP.?10,000,000/);
    await fits(page, `[data-testid="credential-${merchantId}"]`, width);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, `merchants-test-connection-${width}`);

    const unknown = page.getByTestId(`credential-${unknownId}`);
    await unknown.getByRole("button", { name: "Test connection" }).click();
    const line = unknown.getByTestId("failure-line");
    await line.waitFor({ timeout: 20_000 });
    expect(await line.getByTestId("failure-message").textContent()).toBe(
      "Smilepayz does not know this merchant id: check the merchant id, or that the public key was uploaded in the Smilepayz merchant back office.",
    );
    expect(await line.getByTestId("failure-raw").textContent()).toMatch(/^code 03: /);
    await unknown.scrollIntoViewIfNeeded();
    await screenshot(page, `merchants-code-03-${width}`);
    await page.context().close();
  });

  it("regenerating a key pair and switching to production each ask first; Escape and Cancel change nothing", async () => {
    const merchantId = `conf-${uid()}`;
    const { id, publicKey } = await createCredential(merchantId, "confirm-secret-1", [{ currency: "THB", kind: "payout", accountNo: "1234567890" }]);
    const generated = () =>
      getDb().$count(auditLog, and(eq(auditLog.action, "credential.key_pair_generated"), eq(auditLog.targetId, String(id))));
    const page = await openPage(width);
    const card = page.getByTestId(`credential-${merchantId}`);
    const dialog = page.getByRole("alertdialog");

    await card.getByRole("button", { name: "Regenerate key pair" }).click();
    await dialog.waitFor();
    expect(await dialog.getByRole("heading").textContent()).toBe("Regenerate the key pair?");
    expect(await dialog.textContent()).toContain("Pay-outs stop working until the new public key is uploaded to the Smilepayz merchant back office.");
    await fits(page, "dialog[open]", width);
    await screenshot(page, `merchants-confirm-key-pair-${width}`);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await generated()).toBe(1);
    expect((await card.getByTestId("public-key").inputValue()).trim()).toBe(publicKey);

    await card.getByRole("button", { name: "Regenerate key pair" }).click();
    expect(await dialog.textContent()).toContain("This will take effect only after another admin approves it.");
    const [regen] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/key-pair") && r.request().method() === "POST"),
      dialog.getByRole("button", { name: "Regenerate key pair" }).click(),
    ]);
    expect(regen.status()).toBe(202);
    await card.getByTestId("pending-change-notice").waitFor();
    expect(await generated()).toBe(1);
    // A second admin approves the replacement (four eyes); then the card shows the new public key.
    await approveAsSecondAdmin(((await regen.json()) as { pendingChange: { id: number } }).pendingChange.id);
    await expect.poll(() => generated(), { timeout: 10_000 }).toBe(2);
    await page.reload();
    await expect.poll(async () => (await card.getByTestId("public-key").inputValue()).trim()).not.toBe(publicKey);

    await card.getByRole("button", { name: "Edit", exact: true }).click();
    // Balance accounts are digits, as the back office shows them.
    await page.getByLabel("Account 1 number").fill("ACC-THB-OUT");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Digits only, as Finance → Balance in the Smilepayz merchant back office shows it").waitFor();
    await page.getByLabel("Account 1 number").fill("1234567890");

    await page.getByLabel("Environment").selectOption("production");
    await page.getByRole("button", { name: "Save changes" }).click();
    await dialog.waitFor();
    expect(await dialog.getByRole("heading").textContent()).toBe("Switch to production?");
    expect(await dialog.textContent()).toContain("Pay-outs made with this credential move real money");
    await fits(page, "dialog[open]", width);
    await screenshot(page, `merchants-confirm-production-${width}`);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    const env = async () => (await getDb().select({ e: merchants.environment }).from(merchants).where(eq(merchants.id, id)))[0]?.e;
    expect(await env()).toBe("custom");

    await page.getByRole("button", { name: "Save changes" }).click();
    const [put] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/merchants/${id}`) && r.request().method() === "PUT"),
      dialog.getByRole("button", { name: "Use production" }).click(),
    ]);
    expect(put.status()).toBe(202);
    expect(await env()).toBe("custom");
    await approveAsSecondAdmin(((await put.json()) as { pendingChange: { id: number } }).pendingChange.id);
    await page.reload();
    await card.getByTestId("environment-badge").filter({ hasText: "PRODUCTION" }).waitFor();
    expect(await env()).toBe("production");
    await fits(page, `[data-testid="credential-${merchantId}"]`, width);
    await page.context().close();
  });

  it("the demo credential's balance accounts are the sandbox's digit numbers", async () => {
    const row = (await getDb().select().from(merchants).where(eq(merchants.merchantId, demoSecrets().merchantId)))[0];
    const res = await admin.json(`/api/merchants/${row?.id}`, "GET");
    const view = (await res.json()) as { accounts: { accountNo: string }[] };
    expect(view.accounts.length).toBeGreaterThan(0);
    for (const a of view.accounts) expect(a.accountNo).toMatch(/^\d{16}$/);
  });
});
