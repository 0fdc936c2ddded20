import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/db";
import { userCtx } from "@/lib/api/context";
import { stopQueue } from "@/lib/jobs/queue";
import { createBatch } from "@/lib/payout-batches/create-batch";
import { launchApp, type LaunchedApp } from "../../scripts/launch-app";
import { killWholeApp, useAppDatabase } from "./helpers/whole-app";

/**
 * The acceptance run: an app of its own (npm start, its own DATA_DIR), a 2,000-row run, the WHOLE app
 * SIGKILLed (every process group: npm, start.ts with the sandbox gateway, the web server and its workers,
 * PostgreSQL) in the middle of dispatching it, then started again. The run completes: every row final, rows the kill
 * left UNKNOWN resolved by inquiry-status; each row went to SENDING at most once and the gateway holds each orderNo
 * at most once. Figures printed: rows, seconds to complete after the restart, UNKNOWN at the restart and at the end.
 */
const root = path.resolve(__dirname, "../..");
const N = 2000;
const FAILED_ROWS = 100;
const dataDir = mkdtempSync(path.join(tmpdir(), "smilepayz-run-crash-"));
chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the `postgres` user when we are root
let app: LaunchedApp | undefined;

afterAll(async () => {
  await stopQueue();
  await closeDb();
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const q = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => [...(await getDb().execute<T>(query))];
const byStatus = async (batchId: number) =>
  Object.fromEntries((await q<{ status: string; n: number }>(sql`select status::text, count(*)::int as n from payouts where batch_id = ${batchId} group by 1 order by 1`)).map((r) => [r.status, r.n]));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FINAL = ["SUCCESS", "FAILED", "EXPIRED", "NOT_ACCEPTED"];

describe("a 2,000-row run with the whole app killed in the middle", () => {
  it("completes after a restart; each orderNo reached the gateway at most once", { timeout: 900_000 }, async () => {
    app = await launchApp({ root, dataDir });
    await useAppDatabase(dataDir);
    const secrets = JSON.parse(readFileSync(path.join(dataDir, "demo-secrets.json"), "utf8")) as { merchantId: string; gatewayToken: string };
    const [cred] = await q<{ id: string }>(sql`select id::text from merchants where merchant_id = ${secrets.merchantId}`);
    const [fin] = await q<{ id: string; email: string; name: string }>(sql`select id::text, email, name from users where email = 'finance@demo.test'`);
    if (!cred || !fin) throw new Error("demo data missing");
    // The credential form's settings, as an admin would set them: a THB threshold above the run (approved at once,
    // the four-eyes path is tested elsewhere) and a 5 s processing window (reconciliation asks soon, to fit CI time).
    await q(sql`update merchants set processing_window_s = 5 where id = ${cred.id}`);
    await q(sql`insert into approval_thresholds (merchant_id, currency, min_amount_minor) values (${cred.id}, 'THB', 100000000000)
                on conflict (merchant_id, currency) do update set min_amount_minor = excluded.min_amount_minor`);
    // The gateway settles every order 2 s after it arrives (the last 100 fail) and calls back as usual.
    const fates = [
      { count: 1000, fate: { outcome: "SUCCESS", afterMs: 2000 } },
      { count: N - 1000 - FAILED_ROWS, fate: { outcome: "SUCCESS", afterMs: 2000 } },
      { count: FAILED_ROWS, fate: { outcome: "FAILED", afterMs: 2000 } },
    ];
    for (const f of fates) {
      const res = await fetch(`${app.gatewayUrl}/sandbox/scenarios`, {
        method: "POST",
        headers: { authorization: `Bearer ${secrets.gatewayToken}`, "content-type": "application/json" },
        body: JSON.stringify({ merchantId: secrets.merchantId, ...f }),
      });
      expect(res.status).toBe(201);
    }

    const ctx = userCtx(getDb(), { id: Number(fin.id), email: fin.email, name: fin.name, role: "finance", mustChangePassword: false, totpEnabled: true, sessionId: 0 });
    const lines = ["region,method,account,amount,purpose"];
    for (let i = 1; i <= N; i++) lines.push(`TH,KBANK,${6_000_000_000 + i},${100 + (i % 50)},Payroll row ${i}`);
    const { batch } = await createBatch({
      ctx,
      input: { credentialId: Number(cred.id), fileName: "payroll.csv", bytes: new TextEncoder().encode(lines.join("\r\n")), idempotencyKey: "run-crash", confirmDuplicate: false },
    });
    expect(batch).toMatchObject({ status: "DISPATCHING", rowCount: N });

    // Kill once a good part is sent and most is not: the run is really in the middle.
    for (let i = 0; i < 2400; i++) {
      const s = await byStatus(batch.id);
      if ((s.APPROVED ?? 0) <= N * 0.7) break;
      await sleep(50);
    }
    const atKill = await byStatus(batch.id);
    const { killed, left } = await killWholeApp(dataDir);
    expect(left).toBe(0);
    await stopQueue().catch(() => undefined);
    await closeDb().catch(() => undefined);
    expect(atKill.APPROVED ?? 0).toBeGreaterThan(0);

    app = await launchApp({ root, dataDir });
    const restartedAt = Date.now();
    await useAppDatabase(dataDir);
    const atRestart = await byStatus(batch.id);
    let s = atRestart;
    let unknownSeen = atRestart.UNKNOWN ?? 0;
    const limitMs = 480_000;
    for (let tick = 0; Date.now() - restartedAt < limitMs; tick++) {
      s = await byStatus(batch.id);
      unknownSeen = Math.max(unknownSeen, s.UNKNOWN ?? 0);
      if (Object.keys(s).every((k) => FINAL.includes(k))) break;
      if (tick % 30 === 0) console.log(`[run-crash] ${Math.round((Date.now() - restartedAt) / 1000)} s after the restart: ${JSON.stringify(s)}`);
      await sleep(1000);
    }
    const completeS = (Date.now() - restartedAt) / 1000;

    const [sends] = await q<{ rows: number; most: number }>(sql`
      select count(*)::int as rows, coalesce(max(n), 0)::int as most from (
        select p.id, count(e.id) as n from payouts p left join order_events e on e.payout_id = p.id and e.to_status = 'SENDING'
         where p.batch_id = ${batch.id} group by p.id) x`);
    const [gw] = await q<{ orders: number; distinct: number }>(sql`
      select count(*)::int as orders, count(distinct g.order_no)::int as distinct
        from sandbox_gateway.orders g join payouts p on p.order_no = g.order_no where p.batch_id = ${batch.id}`);
    const [refusedRepeat] = await q<{ n: number }>(sql`
      select count(*)::int as n from order_events e join payouts p on p.id = e.payout_id
       where p.batch_id = ${batch.id} and e.gateway_message ilike '%duplicate%'`);
    const disagree = await q<{ order_no: string; app: string; gw: string }>(sql`
      select p.order_no, p.status::text as app, g.status as gw from payouts p join sandbox_gateway.orders g on g.order_no = p.order_no
       where p.batch_id = ${batch.id} and p.status::text <> g.status`);
    console.log(
      `[run-crash] ${N} rows; at the kill ${JSON.stringify(atKill)}; ${killed} processes killed; restart healthy after ${app.startMs} ms; ` +
        `at the restart ${JSON.stringify(atRestart)} (UNKNOWN ${atRestart.UNKNOWN ?? 0}, SENDING ${atRestart.SENDING ?? 0}); most UNKNOWN after it ${unknownSeen}; ` +
        `${Object.keys(s).every((k) => FINAL.includes(k)) ? "complete" : "NOT complete"} ${completeS.toFixed(1)} s after the restart: ${JSON.stringify(s)} (UNKNOWN ${s.UNKNOWN ?? 0}); ` +
        `gateway orders ${gw?.orders} (distinct orderNos ${gw?.distinct}); rows sent at most ${sends?.most} time(s); repeats refused by the gateway ${refusedRepeat?.n}; ` +
        `app and gateway disagree on ${disagree.length}`,
    );
    // Every row final, none left UNKNOWN or waiting.
    expect(Object.keys(s).filter((k) => !FINAL.includes(k))).toEqual([]);
    // At most once: no row went to SENDING twice, the gateway never saw a repeat, and holds each orderNo once.
    expect(sends?.most).toBe(1);
    expect(refusedRepeat?.n).toBe(0);
    expect(gw?.orders).toBe(gw?.distinct);
    // What the gateway made of each order it received is what the app says.
    expect(disagree).toEqual([]);
    expect((s.SUCCESS ?? 0) + (s.FAILED ?? 0)).toBe(gw?.orders);
  });
});
