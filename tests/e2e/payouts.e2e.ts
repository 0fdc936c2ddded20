import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, callbacks, payouts } from "@/db/schema";
import type { PayoutDetailView } from "@/lib/orders/get-order";
import { baseUrl, demoUser, gatewayToken, gatewayUrl, nextTotpCode, totpSecretOf } from "./helpers/app";
import { launchBrowser, screenshot, signIn } from "./helpers/browser";
import { BAD, SAMPLE, fieldError, fillPayoutForm, type PayoutFormFill } from "./helpers/payout-form";

/**
 * Issue 13's acceptance in Chromium against the real app, API, dispatcher and sandbox gateway: one pay-out per
 * region from the form to a final status on the detail page, one over the threshold approved by a second person
 * with TOTP; bad beneficiaries get a field message and write nothing; nobody approves their own pay-out.
 */
let browser: Browser;
let finance: Page;
let approver: Page;
/** The last 30-second TOTP step the approver used (a code is accepted once per step, sign-in included). */

async function pageAs(role: "finance" | "approver" | "admin"): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const u = demoUser(role);
  await signIn(page, u.email, u.password);
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
  finance = await pageAs("finance");
  approver = await pageAs("approver");
});
afterAll(() => browser.close());

/** Force the fate of the next order with this orderNo at the app's sandbox gateway (its control API, with its token). */
async function scenario(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${gatewayUrl()}/sandbox/scenarios`, {
    method: "POST",
    headers: { authorization: `Bearer ${gatewayToken()}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`scenario refused: ${await res.text()}`);
}
const countPayouts = () => getDb().$count(payouts);
const orderNo = (region: string) => `${region.slice(0, 2)}E2E${Date.now()}${randomBytes(2).toString("hex")}`.toUpperCase();

/** The approver's next unused code (a code is accepted once; the helper waits for a new step when needed). */
async function freshApproverCode(): Promise<string> {
  const email = demoUser("approver").email;
  const secret = totpSecretOf(email);
  if (!secret) throw new Error("the approver has no enrolled TOTP secret");
  return nextTotpCode(email, secret);
}

/** Form → review → submit; returns the new pay-out's id from the detail page the form opens. */
async function createViaForm(page: Page, fill: PayoutFormFill): Promise<number> {
  await page.goto("/payouts/new");
  await fillPayoutForm(page, fill);
  await page.getByRole("button", { name: "Review" }).click();
  await page.getByTestId("payout-review").waitFor();
  await page.getByRole("button", { name: /Create pay-out/ }).click();
  await page.waitForURL(/\/payouts\/\d+$/, { timeout: 30_000 });
  return Number(new URL(page.url()).pathname.split("/").pop());
}

async function statusOnPage(page: Page): Promise<string> {
  return ((await page.getByTestId("payout-status").textContent()) ?? "").trim();
}

async function waitForStatus(page: Page, wanted: readonly string[], timeoutMs = 90_000): Promise<string> {
  await page.getByTestId("payout-status").waitFor({ state: "attached", timeout: 20_000 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await statusOnPage(page);
    if (wanted.includes(s)) return s;
    if (Date.now() > deadline) throw new Error(`status stayed ${s}, wanted ${wanted.join("|")}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("one pay-out per region, form to final status", () => {
  const cases = [
    { fill: { ...SAMPLE.TH, amount: "1,500", purpose: "E2E Thailand" }, outcome: "SUCCESS" },
    // A wallet of its own: a run in payout-runs.e2e pays SAMPLE.PH's wallet over PHP 150,000 within the last 24
    // hours, and a beneficiary's last 24 hours count toward the threshold (this one must go straight through).
    { fill: { ...SAMPLE.PH, account: `0917${String(Date.now()).slice(-7)}`, amount: "2,000.50", purpose: "E2E Philippines" }, outcome: "SUCCESS" },
    { fill: { ...SAMPLE.BR, amount: "100", purpose: "E2E Brazil" }, outcome: "FAILED" },
  ] as const;

  it.each(cases)("$fill.region under the threshold goes straight to the gateway and ends $outcome", async ({ fill, outcome }) => {
    const no = orderNo(fill.region);
    await scenario({ orderNo: no, count: 1, fate: { outcome, afterMs: 1_000 } });
    const id = await createViaForm(finance, { ...fill, orderNo: no });
    expect(await waitForStatus(finance, [outcome])).toBe(outcome);
    const row = (await getDb().select().from(payouts).where(eq(payouts.id, id)))[0];
    expect(row?.status).toBe(outcome);
    expect(row?.orderNo).toBe(no);
    const body = JSON.parse((await finance.getByTestId("request-body").first().textContent()) ?? "{}") as { orderNo?: string };
    expect(body.orderNo).toBe(no);
    // The gateway's callback always comes; the follow-up inquiry may have made the pay-out final just before it.
    await expect.poll(async () => (await getDb().select().from(callbacks).where(eq(callbacks.payoutId, id))).length, { timeout: 20_000 }).toBeGreaterThan(0);
    await finance.reload();
    await finance.getByTestId("story-callback-body").first().waitFor({ state: "attached" });
    await screenshot(finance, `e2e-payout-${fill.region}-${outcome}`);
  }, 180_000);

  it("USDT over the threshold waits, the creator cannot approve, the approver approves with TOTP, it ends SUCCESS", async () => {
    const no = orderNo("US");
    await scenario({ orderNo: no, count: 1, fate: { outcome: "SUCCESS", afterMs: 1_000 } });
    const id = await createViaForm(finance, { ...SAMPLE.USDT, amount: "1,500", purpose: "E2E USDT over threshold", orderNo: no });
    expect(await waitForStatus(finance, ["PENDING_APPROVAL"], 20_000)).toBe("PENDING_APPROVAL");
    await finance.getByText("Waiting for a second person").waitFor();
    expect(await finance.getByRole("button", { name: "Approve" }).count()).toBe(0);

    await approver.goto("/approvals");
    await approver.getByRole("link", { name: no }).waitFor({ timeout: 20_000 });
    await approver.getByRole("link", { name: no }).click();
    await approver.waitForURL(new RegExp(`/payouts/${id}$`));
    await approver.getByRole("button", { name: "Approve", exact: true }).click();
    expect(await approver.getByTestId("decision-question").textContent()).toMatch(/^Approve sending 1,500\.00 USDT to USDT wallet \(TRC20\) TR7NH.*\? The money leaves/);
    await approver.getByLabel("Your 6-digit authenticator code").fill(await freshApproverCode());
    await approver.getByRole("button", { name: "Approve and send" }).click();
    expect(await waitForStatus(approver, ["SUCCESS"])).toBe("SUCCESS");
    const row = (await getDb().select().from(payouts).where(eq(payouts.id, id)))[0];
    expect(row?.approvedBy).not.toBeNull();
    expect(row?.approvedBy).not.toBe(row?.createdBy);
    await screenshot(approver, "e2e-payout-USDT-approved");
  }, 240_000);
});

describe("nobody approves their own pay-out", () => {
  it("the approver's own pay-out over the threshold shows no approve button and the API refuses it", async () => {
    const id = await createViaForm(approver, { ...SAMPLE.TH, amount: "60,000", purpose: "E2E own approval" });
    expect(await waitForStatus(approver, ["PENDING_APPROVAL"], 20_000)).toBe("PENDING_APPROVAL");
    await approver.getByText("Waiting for a second person").waitFor();
    expect(await approver.getByRole("button", { name: "Approve" }).count()).toBe(0);
    const detail = (await (await approver.request.get(`/api/payouts/${id}`)).json()) as PayoutDetailView;
    expect(detail.payout.canApprove).toBe(false);
    const res = await approver.request.post(`/api/payouts/${id}/approve`, { data: { code: await freshApproverCode(), contentHash: detail.payout.contentHash } });
    expect(res.status()).toBe(403);
    const row = (await getDb().select().from(payouts).where(eq(payouts.id, id)))[0];
    expect(row?.status).toBe("PENDING_APPROVAL");
    expect(row?.approvedBy).toBeNull();
  }, 120_000);
});

describe("bad beneficiaries: a field message and nothing written", () => {
  const bad = [
    { name: "an invalid CPF", fill: { ...SAMPLE.BR, account: BAD.cpf }, message: /CPF's check digits/ },
    { name: "a BEP20 address with a wrong checksum", fill: { region: "USDT", network: "BEP20", account: BAD.bep20 }, message: /checksum/ },
    { name: "a 33-character Thai account", fill: { ...SAMPLE.TH, account: BAD.thai33 }, message: /this has 33/ },
  ] as const;

  it.each(bad)("the form: $name", async ({ fill, message }) => {
    const before = await countPayouts();
    await finance.goto("/payouts/new");
    await fillPayoutForm(finance, { ...fill, amount: "100", purpose: "E2E bad input" });
    expect(await fieldError(finance, "account")).toMatch(message);
    await finance.getByRole("button", { name: "Review" }).click();
    expect(await fieldError(finance, "account")).toMatch(message);
    expect(await finance.getByTestId("payout-review").count()).toBe(0);
    expect(await countPayouts()).toBe(before);
  });

  it.each(bad)("the API: $name", async ({ fill, message }) => {
    const before = await countPayouts();
    const options = (await (await finance.request.get("/api/merchants/options")).json()) as { id: number }[];
    const credentialId = String(options[0]?.id);
    const res = await finance.request.post("/api/payouts", {
      headers: { "Idempotency-Key": `e2e-bad-${randomBytes(6).toString("hex")}` },
      data: { credentialId, method: fill.region === "USDT" ? "USDT" : undefined, ...fill, amount: "100", purpose: "E2E bad input" },
    });
    expect(res.status()).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields?: Record<string, string> } };
    expect(body.error.fields?.account).toMatch(message);
    expect(await countPayouts()).toBe(before);
  });
});

describe("what a person can do about a failed or waiting pay-out", () => {
  const rowOf = async (id: number) => (await getDb().select().from(payouts).where(eq(payouts.id, id)))[0];

  it("a FAILED pay-out says why (never the acceptance's 00 Successful); a new pay-out from it gets a new orderNo", async () => {
    const no = orderNo("TH");
    await scenario({ orderNo: no, count: 1, fate: { outcome: "FAILED", afterMs: 1_000 } });
    // An account of its own: other tests leave THB 60,000 waiting on SAMPLE.TH's account, and a beneficiary's last
    // 24 hours count against the approval threshold.
    const id = await createViaForm(finance, { ...SAMPLE.TH, account: "223-4-56789-0", amount: "1,500", purpose: "E2E fails, then again", orderNo: no });
    expect(await waitForStatus(finance, ["FAILED"])).toBe("FAILED");
    const outcome = finance.getByTestId("payout-outcome");
    await outcome.waitFor();
    // The callback is news; the FAILED comes from inquiry-status, which the callback set off.
    expect(await finance.getByTestId("outcome-summary").textContent()).toBe("Smilepayz confirmed the payment failed: The beneficiary's bank declined the transfer. No money went to the beneficiary.");
    expect(await finance.getByTestId("outcome-raw").textContent()).toContain('"FAILED"');
    expect(await outcome.textContent()).not.toContain("Successful");
    expect(await finance.getByTestId("detail-gateway-status").textContent()).toBe("FAILED");
    // Sent is the moment of the SENDING commit (the request body's event), shown in the viewer's zone.
    expect(await finance.getByTestId("detail-sent").getByTestId("time-text").getAttribute("datetime")).toBe((await rowOf(id))?.sentAt?.toISOString());
    await screenshot(finance, "e2e-payout-failed-why-1440");
    await finance.setViewportSize({ width: 390, height: 900 });
    await screenshot(finance, "e2e-payout-failed-why-390");
    await finance.setViewportSize({ width: 1440, height: 900 });

    await finance.getByRole("link", { name: "Create a new pay-out from this one" }).click();
    await finance.getByTestId("copied-from").waitFor();
    await expect.poll(() => finance.locator("#account").inputValue()).toBe("2234567890");
    expect(await finance.locator("#orderNo").inputValue()).toBe("");
    await finance.getByRole("button", { name: "Review" }).click();
    await finance.getByTestId("payout-review").waitFor();
    await finance.getByRole("button", { name: /Create pay-out/ }).click();
    await finance.waitForURL((u) => /^\/payouts\/\d+$/.test(u.pathname) && u.pathname !== `/payouts/${id}`, { timeout: 30_000 });
    const fresh = await rowOf(Number(new URL(finance.url()).pathname.split("/").pop()));
    const old = await rowOf(id);
    expect(fresh?.orderNo).not.toBe(old?.orderNo);
    expect(fresh).toMatchObject({ merchantId: old?.merchantId, amountMinor: old?.amountMinor, paymentMethod: "KBANK", cashAccount: "2234567890", purpose: "E2E fails, then again" });
    expect(old?.status).toBe("FAILED");
  }, 180_000);

  it("the approver cancels their own waiting pay-out; an admin cancels finance's from the queue, audited with the reason", async () => {
    const own = await createViaForm(approver, { ...SAMPLE.TH, amount: "60,000", purpose: "E2E own, then cancelled" });
    expect(await waitForStatus(approver, ["PENDING_APPROVAL"], 20_000)).toBe("PENDING_APPROVAL");
    await approver.getByRole("button", { name: "Cancel pay-out" }).click();
    expect(await approver.getByTestId("decision-question").textContent()).toContain("It will never be sent or approved");
    await approver.getByLabel(/^Reason/).fill("Nobody else can approve it today");
    await approver.getByRole("button", { name: "Cancel the pay-out" }).click();
    expect(await waitForStatus(approver, ["CANCELLED"], 20_000)).toBe("CANCELLED");
    expect(await approver.getByTestId("outcome-summary").textContent()).toMatch(/^Cancelled by .+ before it was sent; no money moved\.$/);
    expect((await rowOf(own))?.status).toBe("CANCELLED");

    const theirs = await createViaForm(finance, { ...SAMPLE.TH, amount: "70,000", purpose: "E2E an admin cancels" });
    const no = (await rowOf(theirs))?.orderNo ?? "";
    const admin = await pageAs("admin");
    await admin.goto("/approvals");
    const row = admin.getByTestId("approval-row").filter({ hasText: no });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain("E2E an admin cancels");
    await row.getByRole("button", { name: "Cancel" }).click();
    await admin.getByLabel(/^Reason/).fill("Approver on leave: finance re-issues next week");
    await admin.getByRole("button", { name: "Cancel the pay-out" }).click();
    await admin.getByTestId("decision-notice").waitFor();
    expect(await admin.getByTestId("decision-notice").textContent()).toContain("Cancelled: 70,000.00 THB");
    await screenshot(admin, "e2e-approvals-admin-cancelled-1440");
    expect((await rowOf(theirs))?.status).toBe("CANCELLED");
    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "payout.cancelled"), eq(auditLog.targetId, String(theirs))));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ by: "admin", reason: "Approver on leave: finance re-issues next week" });
    await admin.context().close();
  }, 180_000);
});
