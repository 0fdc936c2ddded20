import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/db";
import { userCtx } from "@/lib/context";
import { stopQueue } from "@/lib/jobs/queue";
import { createPayout } from "@/lib/payouts/create-payout";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import { RECONCILE_CYCLE_S } from "@/lib/gateway-work/cycle";
import { launchApp, type LaunchedApp } from "../../scripts/launch-app";
import { killWholeApp, useAppDatabase } from "./helpers/whole-app";

/**
 * The acceptance run of reconciliation: an app of its own (npm start, its own DATA_DIR), 300 pay-outs whose
 * gateway orders succeed but send no callback, the whole app SIGKILLed (process group: npm, start.ts with the
 * sandbox gateway, the web server, PostgreSQL) while they dispatch, then started again. Every pay-out the gateway
 * received ends final within two reconciliation cycles of the restart; the gateway saw each orderNo once and was
 * asked about each order at most once per cycle.
 */
const root = path.resolve(__dirname, "../..");
const N = 300;
const dataDir = mkdtempSync(path.join(tmpdir(), "smilepayz-reconcile-"));
chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the `postgres` user when we are root
let app: LaunchedApp | undefined;

afterAll(async () => {
  await stopQueue();
  await closeDb();
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const q = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => [...(await getDb().execute<T>(query))];

describe("reconciliation after the whole app was killed mid-dispatch", () => {
  it("ends every pay-out the gateway received within two cycles of the restart, asking each order at most once a cycle", { timeout: 240_000 }, async () => {
    const t0 = Date.now();
    app = await launchApp({ root, dataDir });
    await useAppDatabase(dataDir);
    const secrets = JSON.parse(readFileSync(path.join(dataDir, "demo-secrets.json"), "utf8")) as { merchantId: string; gatewayToken: string };
    const [cred] = await q<{ id: string }>(sql`select id::text from merchants where merchant_id = ${secrets.merchantId}`);
    const [fin] = await q<{ id: string; email: string; name: string }>(sql`select id::text, email, name from users where email = 'finance@demo.test'`);
    if (!cred || !fin) throw new Error("demo data missing");
    // The credential form's "processing window": 5 s instead of the region's 3 minutes, so the run fits in CI time.
    await q(sql`update merchants set processing_window_s = 5 where id = ${cred.id}`);
    // Every order succeeds at the gateway 2 s after it arrives, and no callback is ever sent.
    const sc = await fetch(`${app.gatewayUrl}/sandbox/scenarios`, {
      method: "POST",
      headers: { authorization: `Bearer ${secrets.gatewayToken}`, "content-type": "application/json" },
      body: JSON.stringify({ merchantId: secrets.merchantId, count: N, fate: { outcome: "SUCCESS", afterMs: 2000, callback: "none" } }),
    });
    expect(sc.status).toBe(201);

    const ctx = userCtx(getDb(), { id: Number(fin.id), email: fin.email, name: fin.name, role: "finance", mustChangePassword: false, totpEnabled: true, sessionId: 0 });
    const ids: number[] = [];
    for (let i = 0; i < N; i++) {
      const input = createPayoutSchema.parse({ credentialId: Number(cred.id), region: "TH", method: "KBANK", account: String(1_000_000_000 + i), amount: "100", purpose: `Reconcile ${i}` });
      ids.push((await createPayout({ ctx, input, idempotencyKey: `reconcile-crash-${i}` })).payout.id);
    }
    // Kill while they dispatch: some sent, some not yet.
    let dispatched = 0;
    for (let i = 0; i < 600 && dispatched < N / 3; i++) {
      dispatched = Number((await q<{ n: string }>(sql`select count(*)::text as n from payouts where status <> 'APPROVED'`))[0]?.n);
      if (dispatched < N / 3) await new Promise((r) => setTimeout(r, 50));
    }
    const atKill = await q<{ status: string; n: string }>(sql`select status::text, count(*)::text as n from payouts group by 1 order by 1`);
    const { killed, left } = await killWholeApp(dataDir);
    expect(left).toBe(0);
    await stopQueue().catch(() => undefined);
    await closeDb().catch(() => undefined);

    app = await launchApp({ root, dataDir });
    const restartedAt = Date.now();
    await useAppDatabase(dataDir);
    const limitMs = 2 * RECONCILE_CYCLE_S * 1000 + 5_000; // two cycles, and the start-up sweep's own few seconds
    let open: { status: string; n: string }[] = [];
    let lastFinalMs = 0;
    for (;;) {
      // Open = not final, among the pay-outs the gateway received (the others were never sent: UNKNOWN, asked about).
      open = await q(sql`select p.status::text, count(*)::text as n from payouts p
        where p.status in ('APPROVED', 'SENDING', 'PROCESSING', 'UNKNOWN')
          and (p.status = 'APPROVED' or exists (select 1 from sandbox_gateway.orders g where g.order_no = p.order_no)) group by 1`);
      lastFinalMs = Date.now() - restartedAt;
      if (open.length === 0 || lastFinalMs > limitMs + 60_000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const final = await q<{ status: string; n: string }>(sql`select status::text, count(*)::text as n from payouts group by 1 order by 1`);
    const [gw] = await q<{ orders: string; distinct: string; ours: string }>(sql`
      select count(*)::text as orders, count(distinct order_no)::text as distinct,
             count(*) filter (where order_no in (select order_no from payouts))::text as ours from sandbox_gateway.orders`);
    // Inquiries per order (when each reached the gateway): the shortest gap between two asks about the same order, and the most asks in one cycle slot.
    const [asks] = await q<{ total: string; min_gap_s: string | null; max_per_slot: string | null }>(sql`
      with i as (select order_no, received_at, lag(received_at) over (partition by order_no order by received_at) as prev from sandbox_gateway.inquiries
                  where order_no in (select order_no from payouts))
      select count(*)::text as total, min(extract(epoch from received_at - prev))::text as min_gap_s,
             (select max(n)::text from (select count(*) as n from i group by order_no, floor(extract(epoch from received_at) / ${RECONCILE_CYCLE_S})) s) as max_per_slot
        from i`);
    const unsent = await q<{ status: string; n: string }>(sql`select p.status::text, count(*)::text as n from payouts p
      where not exists (select 1 from sandbox_gateway.orders g where g.order_no = p.order_no) group by 1`);
    // The cycles the restart needed: the 15 s slots in which the gateway was asked after it (the start-up sweep's first).
    const [after] = await q<{ asks: string; slots: string; open_at_gateway: string }>(sql`
      select (select count(*) from sandbox_gateway.inquiries where received_at >= ${new Date(restartedAt - 5_000).toISOString()}::timestamptz)::text as asks,
             (select count(distinct floor(extract(epoch from received_at) / ${RECONCILE_CYCLE_S})) from sandbox_gateway.inquiries
               where received_at >= ${new Date(restartedAt - 5_000).toISOString()}::timestamptz)::text as slots,
             (select count(*) from sandbox_gateway.orders where final_at is null and order_no in (select order_no from payouts))::text as open_at_gateway`);
    console.log(
      `[reconcile-crash] ${N} pay-outs; at the kill ${JSON.stringify(Object.fromEntries(atKill.map((r) => [r.status, Number(r.n)])))}; ${killed} processes killed; ` +
        `restart healthy after ${app.startMs} ms; all received pay-outs final ${lastFinalMs} ms after it = ${(lastFinalMs / 1000 / RECONCILE_CYCLE_S).toFixed(2)} cycles ` +
        `(limit ${limitMs} ms, cycle ${RECONCILE_CYCLE_S} s); gateway asked in ${after?.slots} cycle slots after the restart (${after?.asks} inquiries); ` +
        `final ${JSON.stringify(Object.fromEntries(final.map((r) => [r.status, Number(r.n)])))}; never reached the gateway ${JSON.stringify(Object.fromEntries(unsent.map((r) => [r.status, Number(r.n)])))}; ` +
        `gateway orders ${gw?.ours} (distinct orderNos ${gw?.distinct}, still open at the gateway ${after?.open_at_gateway}); inquiries ${asks?.total}, shortest gap ${Number(asks?.min_gap_s ?? 0).toFixed(1)} s, ` +
        `most per order per cycle ${asks?.max_per_slot}; whole run ${Math.round((Date.now() - t0) / 1000)} s`,
    );
    // Every pay-out the gateway received is final within two cycles of the restart, by itself (no callback ever came).
    expect(open).toEqual([]);
    expect(lastFinalMs).toBeLessThanOrEqual(limitMs);
    expect(gw?.orders).toBe(gw?.distinct);
    expect(Number(gw?.ours)).toBeGreaterThan(0);
    // Pay-outs the gateway never received were never sent twice nor guessed final: UNKNOWN (asked about) or SENDING.
    for (const u of unsent) expect(["UNKNOWN", "SENDING"]).toContain(u.status);
    expect(Number(asks?.max_per_slot ?? 0)).toBeLessThanOrEqual(1);
    if (asks?.min_gap_s) expect(Number(asks.min_gap_s)).toBeGreaterThanOrEqual(RECONCILE_CYCLE_S - 1);
  });
});
