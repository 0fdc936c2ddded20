import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { beneficiaries, payouts } from "@/db/schema";
import { baseUrl, demoUser, nextTotpCode, totpSecretOf } from "./helpers/app";
import { launchBrowser, screenshot, signIn } from "./helpers/browser";
import { SAMPLE, fieldError, fillPayoutForm } from "./helpers/payout-form";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function pageAs(role: "finance" | "approver", width: number): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: baseUrl(), viewport: { width, height: 900 } })).newPage();
  const u = demoUser(role);
  await signIn(page, u.email, u.password);
  return page;
}

const widthOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const account = String(randomInt(1_000_000_000, 9_999_999_999));
const label = `E2E supplier ${account.slice(-4)}`;
let beneficiaryId = 0;

describe("beneficiaries in the browser: add, verify by a second person with TOTP, pay by picking it", () => {
  it("finance adds one at 390 px: every field's message after one submit, a bad CPF on its field, then it waits for verification", async () => {
    const page = await pageAs("finance", 390);
    await page.goto("/beneficiaries/new");
    await page.locator("#credentialId option:nth-child(2)").waitFor({ state: "attached", timeout: 20_000 });
    await page.getByRole("button", { name: "Add beneficiary" }).click();
    expect(await fieldError(page, "label")).toMatch(/Enter a name/);
    expect(await fieldError(page, "region")).toMatch(/region/i);
    await page.locator("#label").fill(label);
    await page.locator("#credentialId").selectOption({ index: 1 });
    await page.locator("#region").selectOption("BR");
    await page.locator("#method").selectOption("CPF");
    await page.locator("#account").fill("123.456.789-09");
    await page.locator("#taxNumber").fill("123.456.789-00");
    await page.getByRole("button", { name: "Add beneficiary" }).click();
    expect(await fieldError(page, "taxNumber")).toMatch(/check digits/);
    expect(await getDb().select().from(beneficiaries).where(eq(beneficiaries.label, label))).toHaveLength(0);
    await page.locator("#region").selectOption("TH");
    await page.locator("#method").selectOption("KBANK");
    await page.locator("#account").fill(account);
    await page.getByRole("button", { name: "Add beneficiary" }).click();
    await page.waitForURL(/\/beneficiaries\/\d+$/, { timeout: 20_000 });
    beneficiaryId = Number(new URL(page.url()).pathname.split("/").pop());
    await page.getByTestId("beneficiary-status").waitFor();
    expect(await page.getByTestId("beneficiary-status").getAttribute("data-status")).toBe("PENDING_VERIFICATION");
    // Its creator is offered no verification.
    expect(await page.getByRole("button", { name: "Verify bank details" }).count()).toBe(0);
    expect(await widthOf(page)).toBeLessThanOrEqual(390);
    await page.goto(`/beneficiaries`);
    await page.getByTestId("beneficiary-row").first().waitFor({ timeout: 20_000 });
    await page.locator("#beneficiary-q").fill(account.slice(-4));
    const searched = page.waitForResponse((r) => r.url().includes("/api/beneficiaries?") && r.url().includes(`q=${account.slice(-4)}`));
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await searched;
    await page.getByTestId("beneficiary-row").filter({ hasText: label }).first().waitFor({ timeout: 20_000 });
    // The search filtered: every row left shows those digits (in its name or its account's tail).
    for (const text of await page.getByTestId("beneficiary-row").allTextContents()) expect(text).toContain(account.slice(-4));
    expect(await widthOf(page)).toBeLessThanOrEqual(390);
    await screenshot(page, "beneficiaries-list-390");
    await page.context().close();
  });

  it("an approver verifies it with a code from their app, after a question naming the consequence", async () => {
    expect(beneficiaryId).toBeGreaterThan(0);
    const page = await pageAs("approver", 1440);
    await page.goto(`/beneficiaries/${beneficiaryId}`);
    await page.getByRole("button", { name: "Verify bank details" }).click();
    expect(await page.getByTestId("decision-question").textContent()).toMatch(/finance can send money to this account/);
    const u = demoUser("approver");
    const secret = totpSecretOf(u.email);
    if (!secret) throw new Error("the approver's TOTP secret is unknown");
    await page.locator("#decision-value").fill(await nextTotpCode(u.email, secret));
    await page.getByRole("alertdialog").getByRole("button", { name: "Verify bank details" }).click();
    await page.locator('[data-testid=beneficiary-status][data-status="VERIFIED"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("beneficiary-verified").textContent()).toContain("by");
    await page.context().close();
  });

  it("finance pays it by picking it on the pay-out form; the pay-out carries its account and a link to it", async () => {
    const page = await pageAs("finance", 390);
    await page.goto("/payouts/new");
    await page.locator("#credentialId option:nth-child(2)").waitFor({ state: "attached", timeout: 20_000 });
    await page.locator("#credentialId").selectOption({ index: 1 });
    await page.locator(`#beneficiaryPick option[value="${beneficiaryId}"]`).waitFor({ state: "attached", timeout: 20_000 });
    await page.locator("#beneficiaryPick").selectOption(String(beneficiaryId));
    await page.getByTestId("picked-beneficiary").waitFor();
    expect(await page.locator("#account").count()).toBe(0);
    await page.locator("#amount").fill("700");
    await page.locator("#purpose").fill("Picked beneficiary");
    await page.getByRole("button", { name: "Review" }).click();
    await page.getByTestId("payout-review").waitFor();
    expect(await page.getByTestId("review-beneficiary").textContent()).toContain(account);
    await page.getByTestId("create-payout").click();
    await page.waitForURL(/\/payouts\/\d+$/, { timeout: 30_000 });
    const id = Number(new URL(page.url()).pathname.split("/").pop());
    const [row] = await getDb().select().from(payouts).where(eq(payouts.id, id));
    expect(row).toMatchObject({ beneficiaryId, cashAccount: account, paymentMethod: "KBANK", purpose: "Picked beneficiary" });
    await page.goto(`/beneficiaries/${beneficiaryId}`);
    await page.getByTestId("beneficiary-payout").first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("beneficiary-payout").first().textContent()).toContain(row?.orderNo ?? "?");
    expect(await widthOf(page)).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it("a payee typed in and saved as a beneficiary is paid, and the beneficiary waits for verification", async () => {
    const typed = String(randomInt(1_000_000_000, 9_999_999_999));
    const page = await pageAs("finance", 390);
    await page.goto("/payouts/new");
    await fillPayoutForm(page, { ...SAMPLE.TH, account: typed, amount: "650", purpose: "Typed and saved" });
    await page.getByTestId("save-as-beneficiary").check();
    await page.locator("#saveAsLabel").fill(`Saved from form ${typed.slice(-4)}`);
    await page.getByRole("button", { name: "Review" }).click();
    await page.getByTestId("create-payout").click();
    await page.waitForURL(/\/payouts\/\d+$/, { timeout: 30_000 });
    const [saved] = await getDb().select().from(beneficiaries).where(eq(beneficiaries.cashAccount, typed));
    expect(saved).toMatchObject({ status: "PENDING_VERIFICATION", label: `Saved from form ${typed.slice(-4)}`, paymentMethod: "KBANK" });
    const [paid] = await getDb().select().from(payouts).where(eq(payouts.cashAccount, typed));
    // Typed in, not picked: no link by id, but the same beneficiary key, so it shows on the beneficiary's page.
    expect(paid).toMatchObject({ beneficiaryId: null, beneficiaryKey: saved?.beneficiaryKey });

    // The same payee typed in and saved again: the pay-out is made, the save is refused (one beneficiary per
    // person), and the form says so with the pay-out's link instead of moving on as if it had been saved.
    await page.goto("/payouts/new");
    await fillPayoutForm(page, { ...SAMPLE.TH, account: typed, amount: "651", purpose: "Typed and saved again" });
    await page.getByTestId("save-as-beneficiary").check();
    await page.getByRole("button", { name: "Review" }).click();
    await page.getByTestId("create-payout").click();
    const notice = page.getByTestId("beneficiary-not-saved");
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toMatch(/The pay-out was created\. Its payee was not saved as a beneficiary/);
    const all = await getDb().select().from(payouts).where(eq(payouts.cashAccount, typed));
    expect(all).toHaveLength(2);
    expect(await getDb().select().from(beneficiaries).where(eq(beneficiaries.cashAccount, typed))).toHaveLength(1);
    const second = all.find((p) => p.id !== paid?.id);
    await notice.getByRole("link", { name: "Open the pay-out" }).click();
    await page.waitForURL((u) => u.pathname === `/payouts/${second?.id}`);
    await page.context().close();
  });
});
