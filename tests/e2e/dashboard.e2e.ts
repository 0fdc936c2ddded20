import postgres from "postgres";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_USERS } from "@/lib/demo/seed-demo";
import { demoSecrets, roleSession, sandboxScenario } from "./helpers/app";
import { launchBrowser, newPage, screenshot, sidewaysScroll, signIn } from "./helpers/browser";

let sql: postgres.Sql;
let browser: Browser;
let page: Page;

// Each region's day by its own offset, computed here independently of the app's code.
const OFFSETS: Record<string, number> = { TH: 420, PH: 480, BR: -180, USDT: 420 };
const dayStart = (now: Date, off: number) => new Date(Math.floor((now.getTime() + off * 60_000) / 86_400_000) * 86_400_000 - off * 60_000);

beforeAll(async () => {
  sql = postgres(inject("e2eDatabaseUrl"), { max: 2, onnotice: () => undefined });
  const [m] = await sql<{ id: string }[]>`select id::text from merchants where merchant_id = ${demoSecrets().merchantId}`;
  // Orders that ended over the last day (the chart) and some waiting today, on the demo merchant.
  const now = Date.now();
  const rows = Array.from({ length: 36 }, (_, i) => {
    const region = (["TH", "PH", "BR", "USDT"] as const)[i % 4] ?? "TH";
    const status = i % 6 === 0 ? "FAILED" : i % 9 === 0 ? "EXPIRED" : i % 7 === 0 ? "PENDING_APPROVAL" : "SUCCESS";
    const at = new Date(now - (i % 23) * 3_600_000 - 60_000);
    return {
      merchant_id: m?.id,
      region,
      order_no: `DB${now.toString(36).toUpperCase()}${i}`,
      // Whole units in every currency (THB goes on the wire in whole baht; exports encode every row).
      amount_minor: String((100 + i * 12) * 10_000),
      currency: { TH: "THB", PH: "PHP", BR: "BRL", USDT: "USDT" }[region],
      payment_method: "KBANK",
      // An account of their own: a beneficiary's last 24 hours count towards other tests' approval thresholds.
      cash_account: "9090909090",
      beneficiary_key: "KBANK:9090909090",
      purpose: "dashboard test",
      status,
      content_hash: "dash",
      created_at: at,
      final_at: status === "PENDING_APPROVAL" ? null : new Date(at.getTime() + 30_000),
    };
  });
  await sql`insert into payouts ${sql(rows)}`;
  browser = await launchBrowser();
  page = await newPage(browser);
  const support = DEMO_USERS.find((u) => u.role === "support");
  if (!support) throw new Error("no demo support user");
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, support.email, support.password);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sql?.end({ timeout: 1 });
});

interface Shown {
  generatedAt: string;
  today: { region: string; type: string; status: string; count: number; volume: string }[];
  chartTotal: number;
  pending: number;
}

async function readPage(): Promise<Shown> {
  await page.goto("/");
  await page.getByTestId("final-chart").waitFor();
  // One read of the whole page, so a live refetch cannot mix two answers.
  return page.evaluate(() => {
    const q = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)];
    const today = q('[data-testid="today-row"]').map((e) => ({
      region: e.closest("section")?.getAttribute("data-testid")?.replace("today-", "") ?? "",
      type: e.dataset.type ?? "",
      status: e.dataset.status ?? "",
      count: Number(e.dataset.count),
      volume: e.dataset.volume ?? "",
    }));
    return {
      generatedAt: q('[data-testid="dashboard"]')[0]?.dataset.generatedAt ?? "",
      today,
      chartTotal: Number(q('[data-testid="final-chart"]')[0]?.dataset.total),
      pending: Number(q('[data-testid="needs-waiting-for-approval"]')[0]?.dataset.total),
    };
  });
}

async function counted(at: Date): Promise<Omit<Shown, "generatedAt">> {
  const today: Shown["today"] = [];
  for (const [region, off] of Object.entries(OFFSETS)) {
    for (const [type, table] of [["payout", "payouts"], ["payin", "payins"]] as const) {
      const rows = await sql<{ status: string; n: number; v: string }[]>`
        select status::text, count(*)::int as n, sum(amount_minor)::text as v from ${sql(table)}
         where region = ${region} and created_at >= ${dayStart(at, off)} and created_at <= ${at} group by status order by status`;
      today.push(...rows.map((r) => ({ region, type, status: r.status, count: r.n, volume: r.v })));
    }
  }
  const [c] = await sql<{ n: number }[]>`
    select ((select count(*) from payouts where final_at > ${new Date(at.getTime() - 86_400_000)} and final_at <= ${at}
              and status in ('SUCCESS','FAILED','EXPIRED','CANCELLED','REJECTED','NOT_ACCEPTED'))
          + (select count(*) from payins where final_at > ${new Date(at.getTime() - 86_400_000)} and final_at <= ${at}
              and status in ('SUCCESS','FAILED','EXPIRED','CANCELLED','NOT_ACCEPTED')))::int as n`;
  const [p] = await sql<{ n: number }[]>`select count(*)::int as n from payouts where status = 'PENDING_APPROVAL'`;
  return { today, chartTotal: c?.n ?? -1, pending: p?.n ?? -1 };
}

const sortRows = (rows: Shown["today"]) => [...rows].sort((a, b) => `${a.region}${a.type}${a.status}`.localeCompare(`${b.region}${b.type}${b.status}`));

describe("the overview dashboard", () => {
  it("shows the same numbers as a SQL count of the same rows, and a chart with data (1440 and 390 px)", async () => {
    // Other orders may move between the page's answer and the count (the sandbox settles in the background): a
    // mismatch is read again, a real difference fails every time.
    let shown: Shown | undefined;
    let sqlSide: Omit<Shown, "generatedAt"> | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      shown = await readPage();
      sqlSide = await counted(new Date(shown.generatedAt));
      if (JSON.stringify(sortRows(shown.today)) === JSON.stringify(sortRows(sqlSide.today)) && shown.chartTotal === sqlSide.chartTotal && shown.pending === sqlSide.pending) break;
      await page.waitForTimeout(1_000);
    }
    expect(sortRows(shown?.today ?? [])).toEqual(sortRows(sqlSide?.today ?? []));
    expect(shown?.today.length).toBeGreaterThan(3);
    expect(shown?.chartTotal).toBe(sqlSide?.chartTotal);
    expect(shown?.chartTotal).toBeGreaterThanOrEqual(20);
    expect(shown?.pending).toBe(sqlSide?.pending);

    // The chart drew bars (Recharts renders SVG rectangles), at both widths, without a horizontal scroll.
    await page.locator(".recharts-bar-rectangle").first().waitFor();
    expect(await page.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(5);
    await screenshot(page, "dashboard-1440");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator(".recharts-bar-rectangle").first().waitFor();
    expect(await sidewaysScroll(page, 390)).toBe("");
    // Other files leave credentials whose gateways never answer: the panel waits for one gateway timeout (15 s).
    await page.getByTestId("balance-line").first().waitFor({ timeout: 45_000 });
    await screenshot(page, "dashboard-390");
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 120_000);

  it("names and ids it did not choose (a run's file name, a refused callback's orderNo, a flag's reason) wrap instead of widening a 390 px phone", async () => {
    const [m] = await sql<{ id: string }[]>`select id::text from merchants where merchant_id = ${demoSecrets().merchantId}`;
    const tag = Date.now().toString(36).toUpperCase();
    // A run waiting for approval under a long file name, and a flagged pay-out whose reason is one long token.
    const [run] = await sql<{ id: string }[]>`
      insert into payout_batches (merchant_id, file_name, sha256, row_count, valid_count, status)
      values (${m?.id ?? null}, ${`payroll_${"december_".repeat(12)}${tag}.csv`}, ${`wide-${tag}`}, 3, 3, 'PENDING_APPROVAL') returning id::text`;
    const [flagged] = await sql<{ id: string }[]>`
      insert into payouts (merchant_id, region, order_no, amount_minor, currency, payment_method, cash_account, beneficiary_key, purpose, status, content_hash, final_at, flagged_at, flag_reason)
      values (${m?.id ?? null}, 'TH', ${`WIDE${tag}`.slice(0, 32)}, 10000000, 'THB', 'KBANK', '9090909090', 'KBANK:9090909090', 'dashboard test', 'SUCCESS', 'dash', now(), now(),
              ${`gateway_said_${"FAILED_".repeat(20)}then_SUCCESS`}) returning id::text`;
    // A forged callback naming a 128-character orderNo (the longest the app keeps), as the callback route records one.
    const [callback] = await sql<{ id: string }[]>`
      insert into callbacks (headers, raw_body, x_timestamp, x_signature, trade_no, order_no, outcome, remote_ip, error)
      values ('{}'::jsonb, '{}', '2026-01-01T00:00:00+07:00', 'bm90IHNpZ25lZA==', ${`T${tag}`}, ${`W${tag}`.padEnd(128, "W")}, 'forged', '203.0.113.9',
              'The signature does not verify with any credential''s platform public key.') returning id::text`;
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto("/");
      await page.getByTestId("needs-refused-callbacks").getByText(`W${tag}`).waitFor();
      await page.getByTestId("needs-flagged").getByText(`WIDE${tag}`).waitFor();
      await page.getByTestId("needs-waiting-for-approval").getByText(tag).waitFor();
      expect(await sidewaysScroll(page, 390)).toBe("");
      await screenshot(page, "dashboard-390-long-names");
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
      await sql`delete from payouts where id = ${flagged?.id ?? null}`;
      await sql`delete from payout_batches where id = ${run?.id ?? null}`;
      await sql`delete from callbacks where id = ${callback?.id ?? null}`;
    }
  });

  it("balances show their age and a refresh asks again", async () => {
    await page.goto("/");
    const line = page.getByTestId("balance-line").first();
    await line.waitFor({ timeout: 45_000 });
    await expect(line.textContent()).resolves.toMatch(/\d[\d,]*\.\d{2} (THB|PHP|BRL|USDT)/);
    await expect(page.getByTestId("balance-age").first().textContent()).resolves.toMatch(/ago$/);
    const refreshed = page.waitForResponse((r) => r.url().includes("/api/dashboard/balances?refresh=1"));
    await page.getByRole("button", { name: "Refresh balances" }).click();
    expect((await refreshed).status()).toBe(200);
  }, 120_000);

  it("a balance moves by itself when a pay-out of its account settles, with its age, and agrees with the pay-out form", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/");
    const [demo] = await sql<{ id: string; name: string; merchant_id: string }[]>`select id::text, name, merchant_id from merchants where merchant_id = ${demoSecrets().merchantId}`;
    if (!demo) throw new Error("no demo credential");
    const line = page.getByTestId("balance-credential").filter({ hasText: demo.name }).getByTestId("balance-line").filter({ hasText: "THB pay-out" });
    await line.waitFor({ timeout: 45_000 });
    const shownBefore = (await line.textContent()) ?? "";
    const gatewayThb = async () => {
      const [a] = await sql<{ balance: string }[]>`select balance::text from sandbox_gateway.accounts where merchant_id = ${demo.merchant_id} and currency = 'THB' and kind = 'payout'`;
      const satang = BigInt(a?.balance ?? "0") / 100n; // balance units are major × 10^4
      return `${(satang / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${(satang % 100n).toString().padStart(2, "0")} THB`;
    };
    expect(shownBefore).toContain(await gatewayThb());

    // Finance pays 2,986.00 THB; the gateway settles it SUCCESS with its callback. Nobody touches the overview.
    const orderNo = `TB${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1e6)}`;
    expect((await sandboxScenario({ orderNo, count: 1, fate: { outcome: "SUCCESS", afterMs: 300 } })).status).toBe(201);
    const finance = await roleSession("finance");
    const account = String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999));
    const created = await finance.fetch("/api/payouts", {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `e2e-balance-${orderNo}` },
      body: JSON.stringify({ credentialId: Number(demo.id), region: "TH", method: "KBANK", account, amount: "2,986", purpose: "Balance e2e", orderNo }),
    });
    expect(created.status).toBe(201);
    await expect.poll(async () => (await sql<{ status: string }[]>`select status::text from payouts where order_no = ${orderNo}`)[0]?.status, { timeout: 60_000, interval: 500 }).toBe("SUCCESS");
    const after = await gatewayThb();
    expect(shownBefore).not.toContain(after);

    // The overview shows the gateway's new balance without a reload or a click, and how old the answer is.
    await expect.poll(() => line.textContent(), { timeout: 20_000, interval: 500 }).toContain(after);
    expect(await line.getByTestId("balance-age").textContent()).toMatch(/^updated \d{1,2} s ago$/);
    // The pay-out form's balance comes from the same source: the same figure.
    const form = (await (await finance.fetch(`/api/payouts/balance?credentialId=${demo.id}&region=TH`)).json()) as { availableDisplay: string };
    expect(form.availableDisplay).toBe(after);
    const financePage = await newPage(browser);
    await financePage.setViewportSize({ width: 1440, height: 900 });
    const f = DEMO_USERS.find((u) => u.role === "finance");
    if (!f) throw new Error("no demo finance user");
    await signIn(financePage, f.email, f.password);
    await financePage.goto("/payouts/new");
    await financePage.locator("#credentialId option:nth-child(2)").waitFor({ state: "attached", timeout: 20_000 });
    await financePage.locator("#credentialId").selectOption(demo.id);
    await financePage.locator("#region").selectOption("TH");
    const formLine = financePage.getByTestId("payout-balance");
    await expect.poll(() => formLine.textContent(), { timeout: 20_000 }).toContain(after);
    expect(await formLine.textContent()).toMatch(/updated \d{1,2} s ago$/);
    await screenshot(financePage, "h26-payout-form-balance-1440");
    await financePage.setViewportSize({ width: 390, height: 844 });
    await screenshot(financePage, "h26-payout-form-balance-390");
    await financePage.context().close();
    await screenshot(page, "h26-overview-balance-1440");
    await page.setViewportSize({ width: 390, height: 844 });
    await line.scrollIntoViewIfNeeded();
    expect(await sidewaysScroll(page, 390)).toBe("");
    await screenshot(page, "h26-overview-balance-390");
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 180_000);
});
