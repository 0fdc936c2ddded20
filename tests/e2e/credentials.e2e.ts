import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, merchants } from "@/db/schema";
import { demoUser, gatewayUrl } from "./helpers/app";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";
import { approveAsSecondAdmin } from "./helpers/four-eyes";
import { platformPublicKey, registerSandboxMerchant } from "./helpers/sandbox-merchant";

let browser: Browser;
let page: Page;
const merchantId = `sandbox-${randomBytes(3).toString("hex")}`;
const merchantSecret = randomBytes(20).toString("hex");

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  const admin = demoUser("admin");
  await signIn(page, admin.email, admin.password);
});
afterAll(() => browser.close());

async function platformKey(): Promise<string> {
  return platformPublicKey();
}
// A balance account number as the Smilepayz back office shows it (digits); the sandbox opens its own on
// registration, so this one is only used to see the form take digits.
const thbPayoutAccount = "1234567890";

async function fieldError(id: string): Promise<string | null> {
  const el = page.locator(`[data-field-error="${id}"]`);
  await el.first().waitFor({ timeout: 10_000 });
  return el.first().textContent();
}

/** Save, see the four-eyes notice, and have a second admin approve the request the PUT answered with (202). */
async function approveFromNotice(save: Promise<void>) {
  const [answer] = await Promise.all([page.waitForResponse((r) => /\/api\/merchants\/\d+$/.test(r.url()) && r.request().method() === "PUT"), save]);
  expect(answer.status()).toBe(202);
  await page.getByTestId("pending-change-notice").waitFor();
  await approveAsSecondAdmin(((await answer.json()) as { pendingChange: { id: number } }).pendingChange.id);
}

describe("admin: merchant credentials in the browser", () => {
  it("bad input gets field messages and writes nothing", async () => {
    const before = await getDb().$count(merchants);
    await page.goto("/merchants");
    await page.getByRole("button", { name: "New credential" }).click();
    await page.getByRole("button", { name: "Create credential" }).click();
    expect(await fieldError("merchantId")).toBe("Enter the merchant id");
    expect(await fieldError("name")).toBe("Enter a name");
    expect(await fieldError("platformPublicKey")).toBe("Paste the platform public key");

    await page.getByLabel("Merchant id").fill("has spaces!");
    await page.getByLabel("Name", { exact: true }).fill("x".repeat(101));
    await page.getByLabel("Merchant secret").fill("short");
    await page.getByLabel("Platform public key (from the Smilepayz merchant backend)").fill(
      `hello\n-----BEGIN PUBLIC KEY-----\n${await platformKey()}\n-----END PUBLIC KEY-----\njunk`,
    );
    await page.getByRole("button", { name: "Create credential" }).click();
    expect(await fieldError("merchantId")).toMatch(/Letters, digits/);
    expect(await fieldError("name")).toBe("At most 100 characters");
    expect(await fieldError("merchantSecret")).toMatch(/at least 8/);
    expect(await fieldError("platformPublicKey")).toMatch(/nothing before or after/);

    // Well-formed Base64 that is not a key is refused on its field (by the form, and by the server with the same words).
    await page.getByLabel("Merchant id").fill(merchantId);
    await page.getByLabel("Name", { exact: true }).fill("E2E Merchant");
    await page.getByLabel("Merchant secret").fill(merchantSecret);
    await page.getByLabel("Platform public key (from the Smilepayz merchant backend)").fill("QUJDREVGR0g=");
    await page.getByRole("button", { name: "Create credential" }).click();
    expect(await fieldError("platformPublicKey")).toMatch(/not a readable RSA public key/);
    expect(await getDb().$count(merchants)).toBe(before);
    await screenshot(page, "credential-bad-input");
  });

  it("creates a credential, generates a key pair, tests the connection and sees the balance", async () => {
    await page.getByLabel("Environment").selectOption("custom");
    await page.getByLabel("Custom base URL").fill(gatewayUrl());
    await page.getByLabel("Platform public key (from the Smilepayz merchant backend)").fill(await platformKey());
    await page.getByRole("button", { name: "Add account" }).click();
    await page.getByLabel("Account 1 currency").selectOption("THB");
    await page.getByLabel("Account 1 kind").selectOption("payout");
    await page.getByLabel("Account 1 number").fill(thbPayoutAccount);
    expect(await page.getByTestId("four-eyes-hint").textContent()).toContain("This will take effect only after another admin approves it.");
    // A new credential waits for a second admin: answered 202, said on the page, and nothing exists until approved.
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/merchants") && r.request().method() === "POST"),
      page.getByRole("button", { name: "Create credential" }).click(),
    ]);
    expect(answer.status()).toBe(202);
    const notice = page.getByTestId("pending-change-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/^Requested: Add credential E2E Merchant .*This will take effect only after another admin approves it\. Until then the credential does not exist\./);
    await screenshot(page, "credential-requested");
    expect(await getDb().$count(merchants, eq(merchants.merchantId, merchantId))).toBe(0);
    expect(await page.getByTestId(`credential-${merchantId}`).count()).toBe(0);
    const approved = await approveAsSecondAdmin(((await answer.json()) as { pendingChange: { id: number } }).pendingChange.id);
    await page.reload();

    const card = page.getByTestId(`credential-${merchantId}`);
    await card.waitFor();
    expect((await getDb().select({ id: merchants.id }).from(merchants).where(eq(merchants.merchantId, merchantId)))[0]?.id).toBe(approved.targetId);
    expect(await card.getByTestId("secret-masked").textContent()).toBe(`••••${merchantSecret.slice(-4)}`);
    // Its custom base URL is the sandbox gateway this deployment runs: the server says so on the badge.
    expect(await card.getByTestId("environment-badge").textContent()).toBe("Sandbox (bundled)");

    await card.getByRole("button", { name: "Generate key pair" }).click();
    const publicKey = card.getByTestId("public-key");
    await publicKey.waitFor();
    const pub = (await publicKey.inputValue()).trim();
    expect(pub).toMatch(/^MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA[A-Za-z0-9+/=]+$/);

    // The admin uploads the public key to the gateway's merchant back office (here: the sandbox's own code),
    // then enters the balance account number it shows.
    const opened = await registerSandboxMerchant(merchantId, merchantSecret, pub);
    const accountNo = opened.find((a) => a.currency === "THB" && a.kind === "payout")?.accountNo ?? "";
    await card.getByRole("button", { name: "Edit", exact: true }).click();
    await page.getByLabel("Account 1 number").fill(accountNo);
    await page.getByRole("button", { name: "Save changes" }).click();
    await card.getByText(`THB Pay-out ${accountNo}`).waitFor();

    await card.getByRole("button", { name: "Test connection" }).click();
    const balance = card.getByTestId("balance");
    await balance.waitFor({ timeout: 20_000 });
    expect(await balance.textContent()).toBe("10,000,000.00 THB");
    await screenshot(page, "credential-connected");

    const row = (await getDb().select().from(merchants).where(eq(merchants.merchantId, merchantId)))[0];
    expect(row?.privateKeyEnc?.startsWith("v1:")).toBe(true);
    expect(row?.merchantSecretEnc).not.toContain(merchantSecret);
    const actions = (await getDb().select().from(auditLog).where(eq(auditLog.targetId, String(row?.id)))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["credential.created", "credential.key_pair_generated", "credential.connection_tested"]));
  });

  it("a wrong secret says what to do, with the gateway's code and message underneath", async () => {
    const card = page.getByTestId(`credential-${merchantId}`);
    await card.getByRole("button", { name: "Edit", exact: true }).click();
    await page.getByLabel("Merchant secret").fill("wrong-secret-123");
    // A new secret waits for another admin (four eyes): the page says so, and the second admin's approval applies it.
    await approveFromNotice(page.getByRole("button", { name: "Save changes" }).click());
    await page.reload();
    await card.getByTestId("secret-masked").filter({ hasText: "••••-123" }).waitFor();
    await card.getByRole("button", { name: "Test connection" }).click();
    const failure = card.getByTestId("failure-line");
    await failure.waitFor();
    expect(await failure.getByTestId("failure-message").textContent()).toMatch(/^Smilepayz could not verify the request's signature: upload/);
    expect(await failure.getByTestId("failure-raw").textContent()).toBe("code 01: Signature verification failed");
  });

  it("production is marked in red", async () => {
    const card = page.getByTestId(`credential-${merchantId}`);
    await card.getByRole("button", { name: "Edit", exact: true }).click();
    await page.getByLabel("Environment").selectOption("production");
    await page.getByRole("button", { name: "Save changes" }).click();
    const dialog = page.getByRole("alertdialog");
    expect(await dialog.textContent()).toContain("This will take effect only after another admin approves it.");
    await approveFromNotice(dialog.getByRole("button", { name: "Use production" }).click());
    await page.reload();
    await card.getByTestId("environment-badge").filter({ hasText: "PRODUCTION" }).waitFor();
    expect(await card.getAttribute("class")).toContain("ring-prod");
  });
});

describe("admin: the credential form checks before sending", () => {
  it("checks before sending: an empty custom URL, a platform key that is not a key, a private-network callback URL in words", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/merchants");
    await page.getByRole("button", { name: "New credential" }).click();
    let posts = 0;
    const count = (r: Request) => {
      if (r.url().endsWith("/api/merchants") && r.method() === "POST") posts += 1;
    };
    page.on("request", count);
    await page.getByLabel("Merchant id").fill(`sandbox-${randomBytes(3).toString("hex")}`);
    await page.getByLabel("Name", { exact: true }).fill("Checks first");
    await page.getByLabel("Merchant secret").fill(merchantSecret);
    await page.getByLabel("Environment").selectOption("custom");
    await page.getByLabel("Callback base URL").fill("https://10.1.2.3");
    await page.getByLabel("Platform public key (from the Smilepayz merchant backend)").fill("QUJDREVGR0g=");
    await page.getByRole("button", { name: "Create credential" }).click();
    expect(await fieldError("callbackBaseUrl")).toMatch(/^This address is inside a private network/);
    expect(await fieldError("customBaseUrl")).toBe("Enter the base URL of the custom gateway");
    expect(await fieldError("platformPublicKey")).toMatch(/not a readable RSA public key/);
    await screenshot(page, "credential-form-errors-390");
    // A problem only the server can see (a host outside the allow-list) reaches the same field with its own words.
    await page.getByLabel("Custom base URL").fill(gatewayUrl());
    await page.getByLabel("Platform public key (from the Smilepayz merchant backend)").fill(await platformKey());
    await page.getByLabel("Callback base URL").fill("https://callbacks.example.org");
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/api/merchants") && r.request().method() === "POST"), page.getByRole("button", { name: "Create credential" }).click()]);
    expect(answer.status()).toBe(400);
    expect(await fieldError("callbackBaseUrl")).toMatch(/^Callbacks may go only to this app/);
    expect(posts).toBe(1);
    page.off("request", count);
    await page.setViewportSize({ width: 1280, height: 720 });
  });
});
