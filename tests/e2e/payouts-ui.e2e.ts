import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PayoutDetailView } from "@/lib/orders/get-order";
import type { PayoutView } from "@/lib/orders/order-view";
import { baseUrl, demoUser } from "./helpers/app";
import { launchBrowser, screenshot, signIn } from "./helpers/browser";
import { balanceView, payoutDetail, payoutPages, payoutView } from "./helpers/payout-fixtures";
import { BAD, SAMPLE, fieldError, fillPayoutForm } from "./helpers/payout-form";

/**
 * The pay-out pages against a stand-in of the pay-out API (page.route, typed fixtures), so the UI is tested and
 * photographed without the API and dispatcher; tests/e2e/payouts.e2e.ts runs the same pages end to end.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const WIDTHS = [1440, 390] as const;

async function pageAs(role: "finance" | "approver", width: number): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width, height: 900 } });
  const page = await context.newPage();
  const u = demoUser(role);
  await signIn(page, u.email, u.password);
  return page;
}

interface Recorded {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

/** One handler for every /api/payouts* call: record it, answer from `answer` (or 404 like a missing route). */
async function fakeApi(page: Page, answer: (r: Recorded) => { status: number; json: unknown } | null): Promise<Recorded[]> {
  const calls: Recorded[] = [];
  await page.route(/\/api\/payouts(\/|\?|$)/, async (route: Route) => {
    const req = route.request();
    const rec: Recorded = { method: req.method(), url: new URL(req.url()), headers: req.headers(), body: req.postData() ? JSON.parse(req.postData() ?? "null") : null };
    calls.push(rec);
    const a = answer(rec);
    if (!a) return route.fulfill({ status: 404, json: { error: { code: "not_found", message: "Not found" } } });
    await new Promise((r) => setTimeout(r, 150));
    return route.fulfill({ status: a.status, json: a.json });
  });
  return calls;
}

const balances = { TH: balanceView("TH", "100000", "1,000.00 THB"), PH: balanceView("PH", "90000000", "900,000.00 PHP"), BR: balanceView("BR", "5000000", "50,000.00 BRL"), USDT: balanceView("USDT", "100000000", "10,000.00 USDT") };
const AMOUNTS = { TH: ["1,500", "1500 baht"], PH: ["2,000.50", "200050 centavos"], BR: ["100", "10000 centavos"], USDT: ["1500.25", "1500.25 USDT"] } as const;

describe("new pay-out form", () => {
  it.each(WIDTHS)("each region's fields, the wire amount, the balance and the review step at %i px", async (width) => {
    const page = await pageAs("finance", width);
    await fakeApi(page, (r) => (r.url.pathname === "/api/payouts/balance" ? { status: 200, json: balances[r.url.searchParams.get("region") as keyof typeof balances] } : null));
    for (const region of ["TH", "PH", "BR", "USDT"] as const) {
      await page.goto("/payouts/new");
      const [amount, wire] = AMOUNTS[region];
      await fillPayoutForm(page, { ...SAMPLE[region], amount, purpose: `Screenshot ${region}` });
      expect(await page.getByTestId("amount-preview").textContent()).toContain(`sent to Smilepayz as ${wire}`);
      await page.getByTestId("payout-balance").waitFor();
      // Only the Thai amount (1,500) is above its balance (1,000): a warning, and Review still works.
      expect(await page.getByTestId("balance-warning").count()).toBe(region === "TH" ? 1 : 0);
      expect(await page.locator("[data-field-error]").count()).toBe(0);
      await screenshot(page, `payout-form-${region}-${width}`);
      await page.getByRole("button", { name: "Review" }).click();
      const review = page.getByTestId("payout-review");
      await review.waitFor();
      expect(await page.getByTestId("review-credential").getByTestId("environment-badge").count()).toBe(1);
      expect(await page.getByTestId("review-amount").textContent()).toContain(wire);
      expect(await page.getByTestId("review-beneficiary").textContent()).toContain(SAMPLE[region].account.replace(/[\s.\-]/g, ""));
      await screenshot(page, `payout-review-${region}-${width}`);
    }
    await page.context().close();
  });

  it("shows field messages as the person types, before Review, and stays on the form", async () => {
    const page = await pageAs("finance", 1440);
    await page.goto("/payouts/new");
    await fillPayoutForm(page, { ...SAMPLE.BR, account: BAD.cpf, amount: "", purpose: "" });
    expect(await fieldError(page, "account")).toMatch(/CPF's check digits/);
    await page.locator("#region").selectOption("USDT");
    await page.locator("#network").selectOption("BEP20");
    await page.locator("#account").fill(BAD.bep20);
    expect(await fieldError(page, "account")).toMatch(/checksum/);
    await page.locator("#region").selectOption("TH");
    await page.locator("#method").selectOption("KBANK");
    await page.locator("#account").fill(BAD.thai33);
    expect(await fieldError(page, "account")).toMatch(/10 digits; this has 33/);
    await page.getByRole("button", { name: "Review" }).click();
    expect(await fieldError(page, "purpose")).toBe("Enter a purpose");
    expect(await page.getByTestId("payout-review").count()).toBe(0);
    await page.context().close();
  });

  it("waits for the approval check, then sends the typed strings once, with one Idempotency-Key, and opens the new pay-out", async () => {
    const page = await pageAs("finance", 1440);
    const created = payoutView({ id: 4242, status: "APPROVED", amountDisplay: "1,500.00 THB", approvalRequired: false, canApprove: false });
    const calls = await fakeApi(page, (r) => {
      if (r.method === "POST" && r.url.pathname === "/api/payouts") return { status: 201, json: { payout: created } };
      if (r.url.pathname === "/api/payouts/4242") return { status: 200, json: payoutDetail(created) };
      return null;
    });
    await page.goto("/payouts/new");
    await fillPayoutForm(page, { ...SAMPLE.TH, amount: "1,500", purpose: "Invoice 77", orderNo: "TH0000777" });
    // While the approval check is under way, "Create pay-out" waits for its answer.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route("**/api/payouts/approval-need", async (route) => {
      await held;
      await route.fulfill({ status: 200, json: { required: false, reason: "Below the approval threshold.", thresholdMinor: "5000000", recentTotalMinor: "0" } });
    });
    await page.getByRole("button", { name: "Review" }).click();
    const send = page.getByRole("button", { name: /Create pay-out/ });
    await send.waitFor();
    expect(await send.isDisabled()).toBe(true);
    release();
    await page.getByText("No approval needed: sent right away").waitFor();
    expect(await send.isEnabled()).toBe(true);
    await send.dblclick();
    await page.waitForURL(/\/payouts\/4242$/);
    // The review step's approval-need question is a POST too (it reads only); count the creations.
    const posts = calls.filter((c) => c.method === "POST" && c.url.pathname === "/api/payouts");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(posts[0]?.body).toEqual({ credentialId: expect.stringMatching(/^\d+$/), region: "TH", method: "KBANK", account: "123-4-56789-0", amount: "1,500", purpose: "Invoice 77", orderNo: "TH0000777" });
    await page.context().close();
  });
});

describe("amounts written the Brazilian way", () => {
  it("BRL 6.000,00 is read as six thousand reais and reviewed; a lone 6.000 is refused with the reason", async () => {
    const page = await pageAs("finance", 1440);
    await fakeApi(page, (r) => (r.url.pathname === "/api/payouts/balance" ? { status: 200, json: balances.BR } : null));
    await page.goto("/payouts/new");
    await fillPayoutForm(page, { ...SAMPLE.BR, amount: "6.000", purpose: "Salary March" });
    await page.getByRole("button", { name: "Review" }).click();
    expect(await fieldError(page, "amount")).toMatch(/could mean 6000 or 6 BRL/);
    await page.locator("#amount").fill("6.000,00");
    await page.locator('[data-field-error="amount"]').waitFor({ state: "detached", timeout: 10_000 });
    expect(await page.getByTestId("amount-preview").textContent()).toMatch(/600000/);
    await page.getByRole("button", { name: "Review" }).click();
    await page.getByTestId("payout-review").waitFor();
    expect(await page.getByTestId("review-amount").textContent()).toMatch(/600000/);
    await page.context().close();
  });
});

describe("list, detail and approvals", () => {
  it.each(WIDTHS)("the list keeps filters in the URL, loads more by cursor and exports the same set at %i px", async (width) => {
    const page = await pageAs("finance", width);
    const { first, second } = payoutPages();
    const calls = await fakeApi(page, (r) => (r.url.pathname === "/api/payouts" ? { status: 200, json: r.url.searchParams.get("cursor") ? second : first } : null));
    await page.goto("/payouts?region=TH&status=SUCCESS");
    await page.getByTestId("payout-row").first().waitFor();
    expect(await page.getByTestId("payout-row").count()).toBe(5);
    const list = calls.filter((c) => c.url.pathname === "/api/payouts");
    expect(list[0]?.url.searchParams.get("region")).toBe("TH");
    expect(list[0]?.url.searchParams.get("status")).toBe("SUCCESS");
    expect(await page.getByTestId("export-csv").getAttribute("href")).toBe("/api/payouts/export?region=TH&status=SUCCESS");
    await page.getByRole("button", { name: "Load more" }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="payout-row"]').length === 8);
    expect(calls.some((c) => c.url.searchParams.get("cursor") === "cursor-1")).toBe(true);
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    await screenshot(page, `payouts-list-${width}`);
    await page.locator("#f-status").selectOption("");
    await page.locator("#f-min").fill("100");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL((u) => u.search === "?region=TH&minAmount=100");
    await page.locator("#f-region").selectOption("");
    await page.getByRole("button", { name: "Filter" }).click();
    expect(await fieldError(page, "f-min")).toMatch(/Choose a region/);
    await page.context().close();
  });

  it.each(WIDTHS)("the detail shows fields, timeline, request body and callbacks; approving asks for the code at %i px", async (width) => {
    const page = await pageAs("finance", width);
    let current: PayoutView = payoutView();
    const approvals: unknown[] = [];
    await fakeApi(page, (r): { status: number; json: PayoutDetailView | { payout: PayoutView } } | null => {
      if (r.url.pathname === "/api/payouts/101/approve") {
        approvals.push(r.body);
        current = { ...current, status: "SUCCESS", canApprove: false, approvedBy: { id: 2, name: "Arun Approver" }, approvedAt: "2026-05-01T07:05:00.000Z" };
        return { status: 200, json: { payout: current } };
      }
      return r.url.pathname === "/api/payouts/101" ? { status: 200, json: payoutDetail(current) } : null;
    });
    await page.goto("/payouts/101");
    await page.getByTestId("story-item").first().waitFor();
    // One timeline: four status changes, then the callback.
    expect(await page.locator('[data-testid="story-item"][data-to]').count()).toBe(4);
    expect(JSON.parse((await page.getByTestId("request-body").textContent()) ?? "")).toMatchObject({ money: { currency: "THB", amount: 75000 } });
    expect(await page.locator('[data-testid="story-item"][data-kind="callback"]').count()).toBe(1);
    await screenshot(page, `payout-detail-${width}`);
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    expect(await page.getByTestId("decision-question").textContent()).toBe(
      'Approve sending 75,000.00 THB to Kasikornbank 1234567890 for "Supplier invoice 4411"? The money leaves the account of Demo merchant.',
    );
    await page.getByLabel("Your 6-digit authenticator code").fill("12ab");
    await page.getByRole("button", { name: "Approve and send" }).click();
    expect(await fieldError(page, "decision-value")).toMatch(/6-digit code/);
    expect(approvals).toHaveLength(0);
    await page.getByLabel("Your 6-digit authenticator code").fill("123456");
    await screenshot(page, `payout-approve-dialog-${width}`);
    await page.getByRole("button", { name: "Approve and send" }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="payout-status"]')?.textContent === "SUCCESS");
    expect(approvals).toEqual([{ code: "123456", contentHash: "a".repeat(64) }]);
    expect(await page.getByRole("button", { name: "Approve", exact: true }).count()).toBe(0);
    expect(await page.getByTestId("decision-notice").textContent()).toBe("Approved: 75,000.00 THB to Kasikornbank 1234567890 is queued to be sent. This page follows its status.");
    await page.context().close();
  });

  it("no approve button on a pay-out the user may not approve (their own)", async () => {
    const page = await pageAs("finance", 1440);
    await fakeApi(page, (r) => (r.url.pathname === "/api/payouts/101" ? { status: 200, json: payoutDetail(payoutView({ canApprove: false })) } : null));
    await page.goto("/payouts/101");
    await page.getByText("Waiting for a second person").waitFor();
    expect(await page.getByRole("button", { name: "Approve" }).count()).toBe(0);
    await page.context().close();
  });

  it.each(WIDTHS)("the approvals queue approves a selection with one code in one call at %i px", async (width) => {
    const page = await pageAs("approver", width);
    const rows = [
      payoutView({ id: 7, createdAt: "2026-05-01T09:00:00.000Z", orderNo: "TH0000007" }),
      payoutView({ id: 5, createdAt: "2026-05-01T08:00:00.000Z", orderNo: "US0000005", region: "USDT", currency: "USDT", amountMinor: "15000000", amountDisplay: "1,500.00 USDT", method: "USDT", network: "TRC20", account: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", contentHash: "b".repeat(64) }),
      payoutView({ id: 6, createdAt: "2026-05-01T08:30:00.000Z", orderNo: "TH0000006", canApprove: false, createdBy: { id: 2, name: "Arun Approver" } }),
    ];
    const batches: unknown[] = [];
    const calls = await fakeApi(page, (r) => {
      if (r.method === "POST" && r.url.pathname === "/api/payouts/approve") {
        batches.push(r.body);
        return { status: 200, json: { results: [{ id: 7, ok: true, status: "APPROVED" }, { id: 5, ok: true, status: "APPROVED" }] } };
      }
      return r.url.pathname === "/api/payouts/waiting" ? { status: 200, json: { items: batches.length ? [rows[2]] : rows, nextCursor: null } } : null;
    });
    await page.goto("/approvals");
    await page.getByTestId("approval-row").first().waitFor();
    // The queue's own route: waiting pay-outs only, oldest first (the server fixes both).
    expect(calls[0]?.url.pathname).toBe("/api/payouts/waiting");
    const order = await page.getByTestId("payout-link").allTextContents();
    expect(order).toEqual(["US0000005", "TH0000006", "TH0000007"]);
    await page.getByLabel("Select all shown").check();
    expect(await page.getByRole("button", { name: "Approve selected (2)" }).isEnabled()).toBe(true);
    await screenshot(page, `approvals-${width}`);
    await page.getByRole("button", { name: "Approve selected (2)" }).click();
    expect(await page.getByTestId("decision-question").textContent()).toBe(
      "Approve 2 pay-outs totalling 75,000.00 THB and 1,500.00 USDT? The money leaves the merchant's accounts.",
    );
    await page.getByLabel("Your 6-digit authenticator code").fill("654321");
    await page.getByRole("button", { name: "Approve and send all" }).click();
    await page.getByTestId("batch-results").waitFor();
    expect(batches).toEqual([{ code: "654321", items: [{ id: 5, contentHash: "b".repeat(64) }, { id: 7, contentHash: "a".repeat(64) }] }]);
    await page.context().close();
  });
});
