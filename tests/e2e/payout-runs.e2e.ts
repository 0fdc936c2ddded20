import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BAD, runCsv, twentyBad } from "../../scripts/lib/run-csv";
import { DEMO_USERS } from "@/lib/demo/seed-demo";
import { baseUrl, demoUser, nextTotpCode, sandboxScenario, totpSecretOf } from "./helpers/app";
import { launchBrowser, openDialogText, screenshot, signIn } from "./helpers/browser";

/**
 * Issue 21's acceptance in Chromium against the real app: a run's file checked in the browser (a Web Worker), the
 * 20 bad rows of 1,000 shown with their reasons, dropped, the run approved by a second person and dispatched to a
 * final status per row with the progress bar moving; the check's speed; bad files refused with nothing written.
 */
let browser: Browser;
let sql: postgres.Sql;
beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(inject("e2eDatabaseUrl"), { max: 2, onnotice: () => undefined });
});
afterAll(async () => {
  await browser.close();
  await sql.end({ timeout: 1 });
});

async function pageAs(role: "finance" | "approver", width = 1440): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.log(`[payout-runs] page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") console.log(`[payout-runs] console: ${m.text()}`);
  });
  // The longest main-thread task, from the first byte of every page (PerformanceObserver "longtask").
  await page.addInitScript(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  const u = demoUser(role);
  await signIn(page, u.email, u.password);
  return page;
}
const longest = (page: Page) => page.evaluate(() => (window as unknown as { __longest: number }).__longest);
// Playwright hands the file to the page over the DevTools protocol (a long task of the harness, not of the app):
// the count starts again once the file is in the input, while the worker is still checking.
const resetLongest = (page: Page) => page.evaluate(() => void ((window as unknown as { __longest: number }).__longest = 0));
const writes = async () => (await sql<{ n: number }[]>`select (select count(*) from payout_batches)::int + (select count(*) from payouts)::int as n`)[0]?.n;

async function openUpload(page: Page) {
  await page.goto("/payouts/runs/new");
  await page.locator("#run-credential option", { hasText: "Demo Merchant" }).first().waitFor({ state: "attached" });
  await page.selectOption("#run-credential", { label: "Demo Merchant" });
}
// Files on disk, chosen as a person would (handing a buffer instead would build the File in the page's main thread).
const dir = mkdtempSync(path.join(os.tmpdir(), "payout-runs-"));
async function choose(page: Page, name: string, text: string | Buffer) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  await page.setInputFiles("#run-file", file);
}

/** A 25 MB body with its Content-Length: the server answers on the headers and closes (EPIPE after that is fine). */
function bigPost(p: string): Promise<number> {
  const u = new URL(p, baseUrl());
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: "POST", headers: { "content-type": "text/csv", "content-length": String(25 * 1024 * 1024) } });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (!answered && e.code !== "EPIPE" && e.code !== "ECONNRESET") reject(e);
    });
    req.write(Buffer.alloc(1024 * 1024, 97));
  });
}

const PARTS = ["waiting", "sent", "processing", "success", "failed", "unknown", "cancelled"] as const;
async function progress(page: Page): Promise<Record<(typeof PARTS)[number], number>> {
  const out = { waiting: 0, sent: 0, processing: 0, success: 0, failed: 0, unknown: 0, cancelled: 0 };
  for (const k of PARTS) out[k] = Number(await page.getByTestId(`run-count-${k}`).textContent());
  return out;
}

describe("a run from a file, in Chromium", () => {
  it("1,000 rows with 20 bad: exactly those, with their reasons; dropped; approved by a second person; every row final", { timeout: 900_000 }, async () => {
    const finance = await pageAs("finance");
    await openUpload(finance);
    const bad = twentyBad();
    await choose(finance, "payroll-1000.csv", runCsv(1000, bad));
    await finance.getByTestId("run-check-summary").waitFor({ timeout: 20_000 });
    expect(await finance.getByTestId("run-bad-count").textContent()).toBe("20");
    const rows = finance.getByTestId("bad-row");
    expect(await rows.count()).toBe(20);
    for (let i = 0; i < 20; i++) {
      const row = Number(await rows.nth(i).getAttribute("data-row"));
      const b = BAD[bad.get(row) ?? -1];
      expect(b, `row ${row} is one of the bad rows`).toBeDefined();
      expect(await rows.nth(i).locator(`[data-error-column="${b?.column}"]`).textContent()).toMatch(b?.says ?? /^$/);
    }
    await screenshot(finance, "run-check-20-bad-1440");
    await finance.getByRole("button", { name: "Drop all 20 bad rows" }).click();
    await finance.getByText("980 rows checked").waitFor({ timeout: 20_000 });
    expect(await finance.getByTestId("run-bad-count").textContent()).toBe("0");
    await finance.getByRole("button", { name: "Submit run of 980 pay-outs" }).click();
    await finance.getByTestId("confirm-dialog").getByRole("button", { name: "Submit run" }).click();
    await finance.waitForURL(/\/payouts\/runs\/\d+$/, { timeout: 60_000 });
    const id = Number(new URL(finance.url()).pathname.split("/").pop());
    expect(await finance.getByTestId("run-status").getAttribute("data-status")).toBe("PENDING_APPROVAL");
    expect(await finance.getByRole("button", { name: "Approve run" }).count()).toBe(0);

    const approver = await pageAs("approver", 390);
    await approver.goto(`/payouts/runs/${id}`);
    await approver.getByTestId("run-review").waitFor();
    await screenshot(approver, "run-review-390");
    await approver.getByRole("button", { name: "Approve run" }).click();
    expect(await approver.getByTestId("decision-question").textContent()).toMatch(/^Approve sending 980 pay-outs/);
    const email = demoUser("approver").email;
    await approver.getByLabel("Your 6-digit authenticator code").fill(await nextTotpCode(email, totpSecretOf(email) ?? ""));
    await approver.getByRole("button", { name: "Approve and send all" }).click();

    // The bar moves on the creator's page (live stream, no reload) until every row is final.
    const seen = new Set<string>();
    const t0 = Date.now();
    let p = await progress(finance);
    while (p.waiting + p.sent + p.processing + p.unknown > 0 && Date.now() - t0 < 840_000) {
      seen.add(JSON.stringify(p));
      if (seen.size % 30 === 1) console.log(`[payout-runs] after ${Math.round((Date.now() - t0) / 1000)} s: ${JSON.stringify(p)}`);
      if (seen.size === 3) await screenshot(finance, "run-progress-moving-1440");
      await new Promise((r) => setTimeout(r, 1000));
      p = await progress(finance);
    }
    console.log(`[payout-runs] every row final after ${Math.round((Date.now() - t0) / 1000)} s: ${JSON.stringify(p)}`);
    expect(p.success + p.failed + p.cancelled).toBe(980);
    expect(seen.size).toBeGreaterThan(3);
    expect(await finance.getByTestId("run-status").getAttribute("data-status")).toBe("COMPLETED");
    await screenshot(finance, "run-done-1440");
    await approver.reload();
    await approver.getByTestId("run-progress").waitFor();
    await screenshot(approver, "run-done-390");
    const csv = await (await finance.request.get(`/api/payout-batches/${id}/result.csv`)).text();
    expect(csv.trim().split("\r\n")).toHaveLength(981);
    await finance.context().close();
    await approver.context().close();
  });

  it("a run says before submitting that it will need a second person, shows statuses and totals in words, compares rows within a currency, and stops saying it waits once approved", { timeout: 300_000 }, async () => {
    const finance = await pageAs("finance");
    await openUpload(finance);
    const tag = Date.now().toString(36).slice(-6);
    const acct = (n: number) => String(7_000_000_000 + ((Date.now() + n) % 999_999_999));
    // Every row is paid (a sandbox scenario per orderNo), so the run ends Completed with no failed row.
    const orderNos = [1, 2, 3].map((i) => `WORDS${tag.toUpperCase()}${i}${Date.now() % 100_000}`);
    for (const orderNo of orderNos) {
      expect((await sandboxScenario({ orderNo, count: 1, fate: { outcome: "SUCCESS", afterMs: 500 } })).status).toBe(201);
    }
    const file = [
      "region,method,account,amount,purpose,network,orderNo",
      `TH,KBANK,${acct(1)},"60,000",Words ${tag},,${orderNos[0]}`, // at the demo THB threshold (50,000): a second person is needed
      `TH,KBANK,${acct(2)},"1,350",Words ${tag},,${orderNos[1]}`,
      `USDT,USDT,0x52908400098527886E0F7030069857D2E4169EE7,900,Words ${tag},BEP20,${orderNos[2]}`, // more minor units than 60,000 THB
    ].join("\r\n");
    await choose(finance, "words.csv", file);
    await finance.getByText("3 rows checked").waitFor({ timeout: 20_000 });
    // Before submitting: the run says it will wait, and why, by the rule the submit applies.
    const need = finance.getByTestId("run-approval-need");
    await expect.poll(() => need.getAttribute("data-required"), { timeout: 20_000 }).toBe("true");
    expect(await need.textContent()).toMatch(/^This run will wait for a second person to approve it before anything is sent: a THB row is at or above the threshold/);
    await screenshot(finance, "h26-run-upload-approval-1440");
    await finance.setViewportSize({ width: 390, height: 844 });
    expect(await finance.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(finance, "h26-run-upload-approval-390");
    await finance.setViewportSize({ width: 1440, height: 900 });
    await finance.getByRole("button", { name: "Submit run of 3 pay-outs" }).click();
    const confirmText = await openDialogText(finance);
    expect(confirmText).toContain("61,350.00 THB in 2 pay-outs, 900.00 USDT in 1 pay-out");
    expect(confirmText).not.toMatch(/(THB|USDT)\W+[\d,.]+ \1/); // never the currency twice around one amount
    await finance.getByTestId("confirm-dialog").getByRole("button", { name: "Submit run" }).click();
    await finance.waitForURL(/\/payouts\/runs\/\d+$/, { timeout: 60_000 });
    const id = Number(new URL(finance.url()).pathname.split("/").pop());
    const status = finance.getByTestId("run-status");
    expect(await status.getAttribute("data-status")).toBe("PENDING_APPROVAL");
    expect(await status.textContent()).toBe("Waiting for approval");

    // The approver compares rows within each currency.
    const approver = await pageAs("approver", 390);
    await approver.goto(`/payouts/runs/${id}`);
    await approver.getByTestId("run-review").waitFor();
    const rowsOf = (c: string) => approver.getByTestId(`run-largest-${c}`).getByTestId("run-largest-row").evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    expect(await rowsOf("THB")).toEqual([expect.stringMatching(/^Row 1: 60,000\.00 THB/), expect.stringMatching(/^Row 2: 1,350\.00 THB/)]);
    expect(await rowsOf("USDT")).toEqual([expect.stringMatching(/^Row 3: 900\.00 USDT/)]);
    expect(await approver.locator("main").innerText()).not.toMatch(/PENDING_APPROVAL|DISPATCHING/);
    await screenshot(approver, "h26-run-review-390");
    await approver.setViewportSize({ width: 1440, height: 900 });
    await screenshot(approver, "h26-run-review-1440");
    await approver.setViewportSize({ width: 390, height: 900 });
    await approver.getByRole("button", { name: "Approve run" }).click();
    const email = demoUser("approver").email;
    await approver.getByLabel("Your 6-digit authenticator code").fill(await nextTotpCode(email, totpSecretOf(email) ?? ""));
    await approver.getByRole("button", { name: "Approve and send all" }).click();

    // Once every row is final: completed, in words, approved by the approver, and no longer "waits".
    await expect.poll(() => status.getAttribute("data-status"), { timeout: 180_000, interval: 1_000 }).toBe("COMPLETED");
    expect(await status.textContent()).toBe("Completed");
    const approverName = DEMO_USERS.find((u) => u.role === "approver")?.name ?? "";
    const main = await finance.locator("main").innerText();
    expect(await finance.getByTestId("run-approval").textContent()).toMatch(new RegExp(`^Approved by ${approverName} \\(a second person was needed: a THB row is at or above the threshold`));
    expect(main).not.toMatch(/Waits for a second person|PENDING_APPROVAL|DISPATCHING|COMPLETED/);
    expect(main).not.toMatch(/(THB|USDT)\W+[\d,.]+ \1/);
    await screenshot(finance, "h26-run-completed-1440");
    await finance.setViewportSize({ width: 390, height: 844 });
    expect(await finance.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(finance, "h26-run-completed-390");
    await finance.goto("/payouts/runs");
    const listed = finance.getByTestId("run-list-status").first();
    await listed.waitFor();
    expect(await finance.locator("main").innerText()).not.toMatch(/PENDING_APPROVAL|DISPATCHING|COMPLETED/);
    await screenshot(finance, "h26-runs-list-390");
    await finance.setViewportSize({ width: 1440, height: 900 });
    await screenshot(finance, "h26-runs-list-1440");
    await finance.context().close();
    await approver.context().close();
  });

  it("10,000 rows are checked off the main thread (time printed) and the page stays responsive; 50,000 rows do not freeze the tab", { timeout: 120_000 }, async () => {
    const page = await pageAs("finance");
    await openUpload(page);
    await choose(page, "big-10000.csv", runCsv(10_000));
    const before = await longest(page);
    await resetLongest(page);
    await page.getByTestId("run-check-summary").waitFor({ timeout: 30_000 });
    const ms = Number(await page.getByTestId("run-check-summary").getAttribute("data-ms"));
    const longTask = await longest(page);
    console.log(`[payout-runs] 10,000 rows checked in ${ms} ms in the worker; longest main-thread task ${Math.round(longTask)} ms (handing the file to the page ${Math.round(before)} ms)`);
    // The speed aims (2 s, 100 ms) are figures, printed here and by `npm run bench:bulk`; what this test holds is
    // that the check ran off the main thread: no task froze the tab for a second while 10,000 rows were checked.
    expect(ms).toBeGreaterThan(0);
    expect(longTask).toBeLessThan(1000);
    await choose(page, "huge-50000.csv", runCsv(50_000));
    await resetLongest(page);
    await page.getByTestId("run-refused").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("run-refused").textContent()).toMatch(/50000 rows; a run holds at most 10000/);
    const longTask50 = await longest(page);
    console.log(`[payout-runs] 50,000 rows: longest main-thread task ${Math.round(longTask50)} ms`);
    expect(longTask50).toBeLessThan(1000);
    await page.context().close();
  });

  it("a run being sent is paused and resumed from its page, each with a confirmation naming the consequence", { timeout: 300_000 }, async () => {
    const page = await pageAs("finance", 390);
    const tag = Date.now().toString(36);
    const lines = ["region,method,account,amount,purpose"];
    for (let i = 1; i <= 400; i++) lines.push(`TH,KBANK,8${String(i).padStart(9, "0")},100,Pause ${tag}`); // 40,000 THB: under the demo threshold
    await openUpload(page);
    await choose(page, "pause.csv", lines.join("\r\n"));
    await page.getByText("400 rows checked").waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Submit run of 400 pay-outs" }).click();
    // The money names its currency once: never "THB: 40,000.00 THB THB".
    const submitText = await openDialogText(page);
    expect(submitText).toContain("40,000.00 THB in 400 pay-outs will be stored as one run.");
    expect(submitText).not.toMatch(/\b(THB|PHP|BRL|USDT)\b\W*[\d,.]+\s*\1\b/);
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Submit run" }).click();
    await page.waitForURL(/\/payouts\/runs\/\d+$/, { timeout: 60_000 });
    const batch = { id: Number(new URL(page.url()).pathname.split("/").pop()) };
    await page.getByRole("button", { name: "Pause run" }).click();
    expect(await page.getByTestId("decision-question").textContent()).toMatch(/^Stop sending this run\? The \d+ rows not sent yet wait until someone resumes it; rows already sent \(\d+\) still go on/);
    await page.getByLabel("Reason (kept in the audit log)").fill("Check the bank file");
    await page.getByRole("button", { name: "Pause the run" }).click();
    await page.getByTestId("run-paused").waitFor();
    expect(await page.getByTestId("run-status").textContent()).toBe("Paused");
    const held = (await progress(page)).waiting;
    expect(held).toBeGreaterThan(0);
    // While paused nothing more of it is sent: its unsent rows stay unsent (the sent ones settle).
    await new Promise((r) => setTimeout(r, 5000));
    const unsent = async () => (await sql<{ n: number }[]>`select count(*)::int as n from payouts where batch_id = ${batch.id} and status = 'APPROVED'`)[0]?.n;
    expect(await unsent()).toBe(held);
    await screenshot(page, "run-paused-390");
    await page.getByRole("button", { name: "Resume run" }).click();
    expect(await page.getByTestId("decision-question").textContent()).toMatch(new RegExp(`^Send the ${held} rows not sent yet, in file order\\?`));
    await page.getByLabel("Reason (kept in the audit log)").fill("Bank file checked");
    await page.getByRole("button", { name: "Resume sending" }).click();
    await page.getByTestId("run-paused").waitFor({ state: "detached" });
    for (let i = 0; i < 120 && (await unsent()) !== 0; i++) await new Promise((r) => setTimeout(r, 1000));
    expect(await unsent()).toBe(0);
    await page.context().close();
  });
  it("a run's failed rows are listed with the gateway's reasons and links; result.csv has the amount and reason; they are paid again as a new run after a confirmation", { timeout: 180_000 }, async () => {
    const page = await pageAs("finance", 1440);
    const tag = Date.now().toString(36).toUpperCase();
    const orderNos = [1, 2, 3].map((i) => `RR${tag}${i}`);
    const control = sandboxScenario;
    expect((await control({ orderNo: orderNos[0], count: 1, fate: { outcome: "FAILED", afterMs: 300, callback: "normal", remark: "Account closed by the bank" } })).status).toBe(201);
    expect((await control({ orderNo: orderNos[1], count: 1, fate: { outcome: "SUCCESS", afterMs: 300, callback: "normal" } })).status).toBe(201);
    expect((await control({ orderNo: orderNos[2], count: 1, fate: { outcome: "FAILED", afterMs: 300, callback: "normal", remark: "Name does not match the account" } })).status).toBe(201);
    const csv = ["region,method,account,amount,purpose,orderNo", ...orderNos.map((o, i) => `TH,KBANK,70${tag.slice(-4).replace(/\D/g, "5").padStart(4, "5")}000${i},${120 + i},Refund ${tag} ${i + 1},${o}`)].join("\r\n");
    const made = await page.request.post("/api/payout-batches?credentialId=1&fileName=refunds.csv", { headers: { "content-type": "text/csv", "idempotency-key": `e2e-rerun-${tag}` }, data: csv });
    expect(made.status()).toBe(201);
    const id = ((await made.json()) as { batch: { id: number } }).batch.id;
    await page.goto(`/payouts/runs/${id}`);
    const failed = page.getByTestId("failed-row");
    await expect.poll(() => failed.count(), { timeout: 90_000 }).toBe(2);
    const ids = await sql<{ id: number; order_no: string }[]>`select id::int, order_no from payouts where batch_id = ${id} order by id`;
    expect(await failed.nth(0).getByTestId("failed-row-reason").textContent()).toBe("Smilepayz confirmed the payment failed: Account closed by the bank. No money went to the beneficiary.");
    expect(await failed.nth(1).getByTestId("failed-row-reason").textContent()).toBe("Smilepayz confirmed the payment failed: Name does not match the account. No money went to the beneficiary.");
    expect(await failed.nth(0).getByTestId("failed-row-link").getAttribute("href")).toBe(`/payouts/${ids[0]?.id}`);
    expect(await failed.nth(1).getByTestId("failed-row-link").getAttribute("href")).toBe(`/payouts/${ids[2]?.id}`);
    expect(await failed.nth(0).textContent()).toContain("120.00 THB");
    await screenshot(page, "run-failed-rows-1440");

    const result = await (await page.request.get(`/api/payout-batches/${id}/result.csv`)).text();
    const lines = result.trim().split("\r\n");
    expect(lines[0]).toBe("row,region,method,account,amount,currency,purpose,receiverName,taxNumber,network,orderNo,tradeNo,status,reason,finalAt,paidAgainInRun");
    expect(lines[1]).toMatch(new RegExp(`^1,TH,KBANK,\\d{10},120\\.00,THB,Refund ${tag} 1,,,,${orderNos[0]},[^,]+,FAILED,Smilepayz confirmed the payment failed: Account closed by the bank\\. No money went to the beneficiary\\.,20\\d\\d-`));
    expect(lines[2]).toMatch(new RegExp(`^2,TH,KBANK,\\d{10},121\\.00,THB,Refund ${tag} 2,,,,${orderNos[1]},[^,]+,SUCCESS,,20\\d\\d-`));

    await page.getByRole("button", { name: "Pay the 2 failed rows again as a new run" }).click();
    const dialog = page.getByTestId("confirm-dialog");
    expect(await dialog.textContent()).toContain("A new run of 2 pay-outs (242.00 THB) is made from these rows, each with a new orderNo. It goes through the same checks and approval rule as an uploaded file");
    await page.setViewportSize({ width: 390, height: 900 });
    await screenshot(page, "run-failed-rows-confirm-390");
    await dialog.getByRole("button", { name: "Create the new run" }).click();
    await page.waitForURL((u) => /\/payouts\/runs\/\d+$/.test(u.pathname) && u.pathname !== `/payouts/runs/${id}`, { timeout: 30_000 });
    const again = Number(new URL(page.url()).pathname.split("/").pop());
    const fresh = await sql<{ order_no: string; amount_minor: string }[]>`select order_no, amount_minor::text from payouts where batch_id = ${again} order by id`;
    expect(fresh.map((r) => r.amount_minor)).toEqual(["12000", "12200"]);
    expect(fresh.filter((r) => orderNos.includes(r.order_no))).toEqual([]);
    await page.goto(`/payouts/runs/${id}`);
    await page.getByTestId("failed-row-paid-again").first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("failed-row-paid-again").allTextContents()).toEqual([`run ${again}`, `run ${again}`]);
    expect(await page.getByRole("button", { name: /Pay the .* failed rows again/ }).count()).toBe(0);
    await screenshot(page, "run-failed-rows-390");
    await page.context().close();
  });

  it("formula, a 10,000-character row, empty, header only, binary, a workbook and 25 MB files each get a clear message and write nothing", { timeout: 120_000 }, async () => {
    const page = await pageAs("finance", 390);
    const n0 = await writes();
    await openUpload(page);
    const header = "region,method,account,amount,purpose\r\n";
    await choose(page, "formula.csv", `${header}TH,KBANK,1234567890,1500,"=HYPERLINK(""http://evil"",""x"")"\r\n`);
    await page.locator('[data-error-column="purpose"]').waitFor();
    expect(await page.locator('[data-error-column="purpose"]').textContent()).toMatch(/formula/);
    await choose(page, "long.csv", `${header}TH,KBANK,1234567890,1500,${"x".repeat(10_000)}\r\n`);
    await page.locator('[data-error-column="_row"]').waitFor();
    expect(await page.locator('[data-error-column="_row"]').textContent()).toMatch(/at most 2000/);
    for (const [name, body, says] of [
      ["empty.csv", "", /empty/],
      ["header.csv", header, /header but no rows/],
      ["photo.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), /binary|UTF-8/],
      ["payroll.xlsx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.from("[Content_Types].xml")]), /workbook.*Save it as “CSV UTF-8”/],
    ] as const) {
      await choose(page, name, body);
      await page.getByTestId("run-refused").getByText(says).waitFor();
    }
    await screenshot(page, "run-refused-390");
    await choose(page, "big.csv", Buffer.alloc(25 * 1024 * 1024, 0x61));
    expect(await page.getByTestId("run-server-error").textContent()).toMatch(/25\.0 MB; a run's file is at most 20 MB/);
    // The API refuses them too, whole: the same messages, and 413 for 25 MB before the body is read.
    const post = (body: string) =>
      page.request.post("/api/payout-batches?credentialId=1", { headers: { "content-type": "text/csv", "idempotency-key": `e2e-${Math.random().toString(36).slice(2)}` }, data: body });
    expect(await bigPost("/api/payout-batches?credentialId=1")).toBe(413);
    const formula = await post(`${header}TH,KBANK,1234567890,1500,=HYPERLINK("x")\r\n`);
    expect(formula.status()).toBe(400);
    expect(((await formula.json()) as { error: { fields: Record<string, string> } }).error.fields["rows.1.purpose"]).toMatch(/formula/);
    expect(((await (await post("")).json()) as { error: { message: string } }).error.message).toMatch(/empty/);
    expect(await writes()).toBe(n0);
    await page.context().close();
  });
});
