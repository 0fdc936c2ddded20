import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { approvalThresholds, merchants } from "@/db/schema";
import { demoSecrets, demoUser, roleSession, type Session } from "./helpers/app";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";
import { approveAsSecondAdmin } from "./helpers/four-eyes";

let browser: Browser;
let page: Page;
let api: Session;
let credentialId: number;

// The demo credential's THB threshold as seeded; other files' pay-outs rely on it, so it is put back afterwards.
const SEEDED_THB = 50_000_00n;
async function setThb(minAmountMinor: bigint) {
  await getDb()
    .insert(approvalThresholds)
    .values({ merchantId: credentialId, currency: "THB", minAmountMinor })
    .onConflictDoUpdate({ target: [approvalThresholds.merchantId, approvalThresholds.currency], set: { minAmountMinor } });
}
async function apiThb(): Promise<string | null> {
  const res = await api.fetch(`/api/merchants/${credentialId}/approval-thresholds`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { thresholds: { currency: string; minAmountMinor: string | null }[] };
  return body.thresholds.find((t) => t.currency === "THB")?.minAmountMinor ?? null;
}

beforeAll(async () => {
  const [m] = await getDb().select({ id: merchants.id }).from(merchants).where(eq(merchants.merchantId, demoSecrets().merchantId));
  if (!m) throw new Error("demo credential missing");
  credentialId = m.id;
  await setThb(SEEDED_THB);
  api = await roleSession("admin");
  browser = await launchBrowser();
  page = await newPage(browser);
  const admin = demoUser("admin");
  await signIn(page, admin.email, admin.password);
});
afterAll(async () => {
  await setThb(SEEDED_THB);
  await browser.close();
});

describe("admin: approval thresholds of the demo credential", () => {
  it("raising THB asks first, names both consequences, waits for another admin; their approval applies it", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/merchants");
    const card = page.getByTestId(`credential-${demoSecrets().merchantId}`);
    const thb = card.getByTestId("threshold-THB");
    await expect.poll(() => thb.textContent()).toBe("50,000.00 THB and above need a second person");

    await card.getByRole("button", { name: "Edit thresholds" }).click();
    await card.getByLabel("THB threshold").fill("100,000");
    await card.getByRole("button", { name: "Save thresholds" }).click();
    const dialog = page.locator("dialog[open][data-testid=confirm-dialog]");
    await dialog.waitFor();
    expect(await dialog.getByTestId("threshold-consequences").textContent()).toBe("Pay-outs below 100,000.00 THB will be sent without a second approval.");
    expect(await dialog.getByTestId("four-eyes").textContent()).toBe("This will take effect only after another admin approves it.");
    await screenshot(page, "approval-thresholds-confirm-1440");
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/approval-thresholds") && r.request().method() === "PUT"),
      dialog.getByRole("button", { name: "Ask another admin" }).click(),
    ]);
    expect(answer.status()).toBe(202);
    const notice = card.getByTestId("pending-change-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("This will take effect only after another admin approves it.");
    // Nothing changed yet.
    expect(await thb.textContent()).toBe("50,000.00 THB and above need a second person");
    expect(await apiThb()).toBe("5000000");
    // Another admin approves it over HTTP (the four-eyes path; tests/e2e/four-eyes.e2e.ts does it in the browser).
    await approveAsSecondAdmin(((await answer.json()) as { pendingChange: { id: number } }).pendingChange.id);
    expect(await apiThb()).toBe("10000000");
    await page.reload();
    await expect.poll(() => thb.textContent()).toBe("100,000.00 THB and above need a second person");
    // The demo credential reaches the sandbox gateway this deployment runs: the server says so, the badge reads it.
    expect(await card.getByTestId("environment-badge").first().textContent()).toBe("Sandbox (bundled)");
    await screenshot(page, "approval-thresholds-saved-1440");
    // The audit log shows the thresholds as money, not as minor units.
    await page.goto("/audit?action=credential.approval_thresholds_changed");
    const diff = page.getByTestId("audit-diff").first();
    await expect.poll(() => diff.textContent()).toContain("THB: 50,000.00 → 100,000.00");
    expect(await diff.textContent()).not.toMatch(/5000000|10000000/);
    await screenshot(page, "audit-thresholds-money-1440");
  });

  it("at 390 px: a bad amount gets its field message; cancelling the confirmation writes nothing", async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto("/merchants");
    const card = page.getByTestId(`credential-${demoSecrets().merchantId}`);
    await card.getByRole("button", { name: "Edit thresholds" }).click();
    const field = card.getByLabel("THB threshold");
    await field.fill("abc");
    await card.getByRole("button", { name: "Save thresholds" }).click();
    const error = page.locator(`[data-field-error="threshold-${credentialId}-THB"]`);
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Enter digits/);

    await field.fill("120000");
    await card.getByRole("button", { name: "Save thresholds" }).click();
    const dialog = page.locator("dialog[open][data-testid=confirm-dialog]");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Pay-outs below 120,000.00 THB will be sent without a second approval.");
    await screenshot(page, "approval-thresholds-confirm-390");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await apiThb()).toBe("10000000");
    const rows = await getDb().select().from(approvalThresholds).where(and(eq(approvalThresholds.merchantId, credentialId), eq(approvalThresholds.currency, "THB")));
    expect(rows[0]?.minAmountMinor).toBe(10_000_000n);
    await card.getByRole("button", { name: "Cancel" }).click();
    await screenshot(page, "approval-thresholds-390");
  });
});
