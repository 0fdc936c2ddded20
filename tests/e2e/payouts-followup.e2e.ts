import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import type { PayoutView } from "@/lib/orders/order-view";
import { baseUrl, demoUser } from "./helpers/app";
import { launchBrowser, screenshot, signIn } from "./helpers/browser";
import { ONE_CREDENTIAL, balanceView, failedDetail, payoutDetail, payoutView, storyEvent } from "./helpers/payout-fixtures";

/**
 * Issue 16, items 4-8, in Chromium against stand-ins of the pay-out API (typed fixtures), at 1440 and 390 px: why a
 * pay-out failed and a new one from it, the send time, cancelling while waiting, approvals' words, times in the
 * viewer's zone, the form's credential and amount. tests/e2e/payouts.e2e.ts runs the same flows end to end.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const WIDTHS = [1440, 390] as const;

/** Signed in, at a width, in a time zone that is neither UTC nor the region's (the viewer's own clock). */
async function pageAs(role: Role, width: number, timezoneId = "America/New_York"): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width, height: 900 }, timezoneId });
  const page = await context.newPage();
  const u = demoUser(role);
  await signIn(page, u.email, u.password);
  return page;
}

type Answer = { status: number; json: unknown } | null;
/** Answer /api/payouts* and /api/merchants/options from `answer`; record each call (404 when it has no answer). */
async function fakeApi(page: Page, answer: (method: string, url: URL, body: unknown) => Answer): Promise<{ method: string; path: string; body: unknown }[]> {
  const calls: { method: string; path: string; body: unknown }[] = [];
  await page.route(/\/api\/(payouts(\/|\?|$)|merchants\/options)/, async (route: Route) => {
    const req = route.request();
    const url = new URL(req.url());
    const body = req.postData() ? (JSON.parse(req.postData() ?? "null") as unknown) : null;
    calls.push({ method: req.method(), path: url.pathname, body });
    const a = answer(req.method(), url, body);
    return a ? route.fulfill({ status: a.status, json: a.json }) : route.fulfill({ status: 404, json: { error: { code: "not_found", message: "Not found" } } });
  });
  return calls;
}

describe("a FAILED pay-out says why, and what next", () => {
  it.each(WIDTHS)("the failure's own words with the raw value beneath, viewer's and Bangkok's times, then a new pay-out from it at %i px", async (width) => {
    const page = await pageAs("finance", width);
    const detail = failedDetail();
    await fakeApi(page, (_m, url) => {
      if (url.pathname === "/api/payouts/101") return { status: 200, json: detail };
      if (url.pathname === "/api/merchants/options") return { status: 200, json: ONE_CREDENTIAL };
      if (url.pathname === "/api/payouts/balance") return { status: 200, json: balanceView("TH", "100000000", "1,000,000.00 THB") };
      return null;
    });
    await page.goto("/payouts/101");
    const outcome = page.getByTestId("payout-outcome");
    await outcome.waitFor();
    expect(await outcome.getByRole("heading").textContent()).toBe("Why it failed");
    expect(await page.getByTestId("outcome-summary").textContent()).toBe(detail.outcome?.summary);
    expect(await page.getByTestId("outcome-raw").textContent()).toBe('status "FAILED"');
    expect(await outcome.textContent()).not.toMatch(/Successful|\b00\b/);
    // The acceptance is labelled as the answer to the request, apart from the payment's status.
    expect(await page.getByTestId("detail-gateway-status").textContent()).toBe("FAILED");
    expect(await page.getByTestId("order-request-answer").textContent()).toBe("Accepted: 00 Successful");
    // New York in May is UTC-4; Bangkok is UTC+7. The UTC stamp is the tooltip.
    const sent = page.getByTestId("detail-sent");
    expect(await sent.getByTestId("time-text").textContent()).toBe("1 May 2026, 03:05:01 GMT-4");
    expect(await sent.getByTestId("time-text").getAttribute("title")).toBe("2026-05-01 07:05:01 UTC");
    expect(await sent.getByTestId("time-local").textContent()).toBe(" · Bangkok 14:05:01 GMT+7");
    expect(await page.locator("body").textContent()).not.toContain("UTC");
    await screenshot(page, `payout-failed-${width}`);

    await page.getByRole("link", { name: "Create a new pay-out from this one" }).click();
    await page.waitForURL(/\/payouts\/new\?from=101$/);
    await page.getByTestId("copied-from").waitFor();
    await expect.poll(() => page.locator("#account").inputValue()).toBe("1234567890");
    expect(await page.locator("#credentialId").inputValue()).toBe("1");
    expect(await page.locator("#region").inputValue()).toBe("TH");
    expect(await page.locator("#method").inputValue()).toBe("KBANK");
    expect(await page.locator("#amount").inputValue()).toBe("1500.00");
    expect(await page.locator("#purpose").inputValue()).toBe("Supplier invoice 4411");
    expect(await page.locator("#orderNo").inputValue()).toBe("");
    expect(await page.getByTestId("copied-from").textContent()).toContain("new orderNo");
    await screenshot(page, `payout-copy-form-${width}`);
    await page.context().close();
  });

  it("a pay-out that went through UNKNOWN shows when its request left, not when the wait ended (Manila viewer)", async () => {
    const page = await pageAs("finance", 1440, "Asia/Manila");
    const p = payoutView({ status: "UNKNOWN", approvalRequired: false, canApprove: false, sentAt: "2026-05-01T03:00:55.000Z" });
    const d = payoutDetail(p);
    d.items = [
      ...d.items.slice(0, 3).map((e) => (e.kind === "event" && e.to === "SENDING" ? { ...e, at: "2026-05-01T03:00:55.000Z" } : e)),
      storyEvent("e4", "2026-05-01T03:01:10.000Z", "SENDING", "UNKNOWN", "response", { actor: "dispatcher", note: "no usable answer (timeout)" }),
    ];
    await fakeApi(page, (_m, url) => (url.pathname === "/api/payouts/101" ? { status: 200, json: d } : null));
    await page.goto("/payouts/101");
    const sent = page.getByTestId("detail-sent");
    await sent.getByTestId("time-text").waitFor();
    expect(await sent.getByTestId("time-text").textContent()).toBe("1 May 2026, 11:00:55 GMT+8");
    expect(await sent.getByTestId("time-local").textContent()).toBe(" · Bangkok 10:00:55 GMT+7");
    await screenshot(page, "payout-unknown-sent-1440");
    await page.context().close();
  });
});

describe("waiting for approval: cancel, decide, say so", () => {
  it.each(WIDTHS)("the creator cancels their own waiting pay-out after a confirmation naming the consequence at %i px", async (width) => {
    const page = await pageAs("finance", width);
    let current: PayoutView = payoutView({ canApprove: false, canCancel: true });
    const calls = await fakeApi(page, (m, url) => {
      if (m === "POST" && url.pathname === "/api/payouts/101/cancel") {
        current = { ...current, status: "CANCELLED", canCancel: false };
        return { status: 200, json: { payout: current } };
      }
      return url.pathname === "/api/payouts/101" ? { status: 200, json: payoutDetail(current) } : null;
    });
    await page.goto("/payouts/101");
    await page.getByRole("button", { name: "Cancel pay-out" }).click();
    const dialog = page.getByRole("alertdialog");
    expect(await dialog.getByTestId("decision-question").textContent()).toBe(
      'Cancel the pay-out of 75,000.00 THB to Kasikornbank 1234567890 for "Supplier invoice 4411"? It will never be sent or approved; paying this beneficiary then takes a new pay-out.',
    );
    await dialog.getByLabel(/^Reason/).fill("Duplicate of invoice 4410");
    await screenshot(page, `payout-cancel-dialog-${width}`);
    await dialog.getByRole("button", { name: "Cancel the pay-out" }).click();
    await page.getByTestId("decision-notice").waitFor();
    expect(await page.getByTestId("decision-notice").textContent()).toBe("Cancelled: it will never be sent.");
    expect(calls.filter((c) => c.method === "POST")).toEqual([{ method: "POST", path: "/api/payouts/101/cancel", body: { reason: "Duplicate of invoice 4410" } }]);
    await page.context().close();
  });

  it.each(WIDTHS)("the queue shows purpose and credential; one approval says so in words with a link at %i px", async (width) => {
    const page = await pageAs("approver", width);
    const one = payoutView({ id: 7, orderNo: "TH0000007", purpose: "Rent May", merchantName: "Demo merchant", bundledSandbox: true, environment: "custom" });
    let approved = false;
    await fakeApi(page, (m, url) => {
      if (m === "POST" && url.pathname === "/api/payouts/7/approve") {
        approved = true;
        return { status: 200, json: { payout: { ...one, status: "APPROVED", canApprove: false } } };
      }
      return url.pathname === "/api/payouts/waiting" ? { status: 200, json: { items: approved ? [] : [one], nextCursor: null } } : null;
    });
    await page.goto("/approvals");
    const row = page.getByTestId("approval-row").first();
    await row.waitFor();
    expect(await row.getByTestId("queue-purpose").textContent()).toBe("Rent May");
    expect(await row.textContent()).toContain("Demo merchant");
    expect(await row.getByTestId("environment-badge").textContent()).toBe("Sandbox (bundled)");
    await row.getByRole("button", { name: "Approve" }).click();
    expect(await page.getByTestId("decision-question").textContent()).toContain('for "Rent May"? The money leaves the account of Demo merchant.');
    await page.getByLabel("Your 6-digit authenticator code").fill("123456");
    await page.getByRole("button", { name: "Approve and send" }).click();
    const notice = page.getByTestId("decision-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toBe("Approved: 75,000.00 THB to Kasikornbank 1234567890 is queued to be sent. Open pay-out TH0000007");
    expect(await notice.getByRole("link").getAttribute("href")).toBe("/payouts/7");
    await screenshot(page, `approvals-approved-notice-${width}`);
    await page.context().close();
  });

  it.each(WIDTHS)("an admin sees what waits, cannot approve, and may cancel with a reason at %i px", async (width) => {
    const page = await pageAs("admin", width);
    const one = payoutView({ id: 8, orderNo: "TH0000008", canApprove: false, canCancel: true, createdBy: { id: 2, name: "Arun Approver" } });
    await fakeApi(page, (_m, url) => (url.pathname === "/api/payouts/waiting" ? { status: 200, json: { items: [one], nextCursor: null } } : null));
    await page.goto("/approvals");
    const row = page.getByTestId("approval-row").first();
    await row.waitFor();
    expect(await row.getByRole("button", { name: "Approve" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Approve selected/ }).isVisible()).toBe(false);
    await row.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByRole("alertdialog").getByLabel(/^Reason/).getAttribute("id")).toBe("decision-value");
    await screenshot(page, `approvals-admin-cancel-${width}`);
    await page.context().close();
  });
});

describe("words on the pages", () => {
  it.each(WIDTHS)("one credential is chosen already, badged Sandbox (bundled); the amount's error stands right under it at %i px", async (width) => {
    const page = await pageAs("finance", width);
    await fakeApi(page, (_m, url) => {
      if (url.pathname === "/api/merchants/options") return { status: 200, json: ONE_CREDENTIAL };
      if (url.pathname === "/api/payouts/balance") return { status: 200, json: balanceView("TH", "100000", "1,000.00 THB") };
      return null;
    });
    await page.goto("/payouts/new");
    await expect.poll(() => page.locator("#credentialId").inputValue()).toBe("1");
    expect(await page.getByTestId("environment-badge").textContent()).toBe("Sandbox (bundled)");
    await page.locator("#region").selectOption("TH");
    await page.locator("#method").selectOption("KBANK");
    await page.locator("#amount").fill("1,500.50");
    await page.locator('[data-field-error="amount"]').waitFor();
    await page.getByTestId("payout-balance").waitFor();
    // Input, then its error, then the balance line: the message is next to what it is about.
    const order = await page.locator("#amount").evaluate((input) => {
      const next = input.nextElementSibling as HTMLElement | null;
      const balance = document.querySelector('[data-testid="payout-balance"]');
      return { next: next?.dataset.fieldError ?? null, balanceAfter: !!next && !!balance && (next.compareDocumentPosition(balance) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 };
    });
    expect(order).toEqual({ next: "amount", balanceAfter: true });
    await screenshot(page, `payout-form-amount-error-${width}`);
    await page.context().close();
  });

  it.each(WIDTHS)("an admin opening /payouts is told what fits, not to ask an admin, at %i px", async (width) => {
    const page = await pageAs("admin", width);
    await page.goto("/payouts");
    const text = page.getByTestId("forbidden-text");
    await text.waitFor();
    expect(await text.textContent()).not.toContain("Ask an admin");
    expect(await text.textContent()).toContain("admins manage users, merchant credentials");
    expect(await page.getByRole("link", { name: "Go to Approvals" }).getAttribute("href")).toBe("/approvals");
    await screenshot(page, `admin-payouts-forbidden-${width}`);
    await page.context().close();
  });
});
