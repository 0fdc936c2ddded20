/**
 * `npm run bench:soak`: SOAK_MINUTES (default 10) of mixed traffic against the production build on two instances and
 * the embedded PostgreSQL: instance A is `npm start` (scripts/launch-app.ts), B a second server on its database
 * (scripts/second-instance.ts). Finance creates pay-outs and pay-ins on both, an approver approves those that wait,
 * one pay-out run (CSV) is uploaded, support users search and keep event streams open on both, and the sandbox gateway
 * calls back (real callbacks for real orders). Prints throughput, p50/p99 per route, errors, each instance's RSS every
 * 30 s, and the database's row counts checked against what was sent. Not in CI.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { authenticator } from "otplib";
import postgres from "postgres";
import { embeddedRoleUrls } from "@/db/prepare-database";
import { totpAad } from "@/lib/auth/totp";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { resetEnvCache } from "@/lib/env";
import { ensureBuild } from "./ensure-build";
import { launchApp } from "./launch-app";
import { printBenchLine, type BenchFigure } from "./lib/bench-table";
import { secondInstance } from "./second-instance";
import { Jar, rssMb, serverPid, Stats } from "./soak-util";

const root = path.resolve(import.meta.dirname, "..");
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const log = (m: string) => console.log(`[bench:soak] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  ensureBuild(log);
  const dataDir = mkdtempSync(path.join(tmpdir(), "smilepayz-soak-"));
  const a = await launchApp({ root, dataDir });
  const b = await secondInstance({ root, dataDir, gatewayUrl: a.gatewayUrl });
  log(`A ${a.baseUrl} (npm start), B ${b.baseUrl} (second server, same database); ${MINUTES} min`);
  const secrets = JSON.parse(readFileSync(path.join(dataDir, "demo-secrets.json"), "utf8")) as { merchantId: string; encryptionKey: string };
  process.env.APP_ENCRYPTION_KEY = secrets.encryptionKey;
  resetEnvCache();
  const sql = postgres(embeddedRoleUrls(dataDir).ownerUrl, { max: 3, onnotice: () => undefined });
  const stop = new AbortController();
  const stats = new Stats();
  const lines: BenchFigure[] = [];
  try {
    const [cred] = await sql<{ id: number }[]>`select id from merchants where merchant_id = ${secrets.merchantId}`;
    if (!cred) throw new Error("demo credential missing");
    /** Two-factor with a secret this script knows, as an enrolment would store it. */
    const enrol = async (email: string) => {
      const [u] = await sql<{ id: number }[]>`select id from users where lower(email) = ${email}`;
      if (!u) throw new Error(`no ${email}`);
      const secret = authenticator.generateSecret(20);
      await sql`update users set totp_secret_enc = ${encryptSecret(secret, totpAad(u.id))}, totp_enabled = true, totp_last_step = null where id = ${u.id}`;
      return secret;
    };
    // Pay-outs of 50,000 THB or more wait for an approver (the credential's threshold, as an admin would set it).
    await sql`insert into approval_thresholds (merchant_id, currency, min_amount_minor) values (${cred.id}, 'THB', 5000000)
      on conflict (merchant_id, currency) do update set min_amount_minor = excluded.min_amount_minor`;
    const finSecret = await enrol("finance@demo.test");
    const apprSecret = await enrol("approver@demo.test");
    const finA = await Jar.signIn(a.baseUrl, "finance@demo.test", "finance-demo-password", finSecret);
    const fin = [finA, Jar.sharing(b.baseUrl, finA)];
    const appr = await Jar.signIn(b.baseUrl, "approver@demo.test", "approver-demo-password", apprSecret);
    const sup = [await Jar.signIn(a.baseUrl, "support@demo.test", "support-demo-password", null), await Jar.signIn(b.baseUrl, "support@demo.test", "support-demo-password", null)];
    const sent = { payouts: 0, payins: 0, batchRows: 0, approvals: 0 };
    const events = { A: 0, B: 0 };
    const until = Date.now() + MINUTES * 60_000;
    const loop = async (every: number, fn: (i: number) => Promise<void>) => {
      for (let i = 0; Date.now() < until && !stop.signal.aborted; i++) {
        const t = Date.now();
        await fn(i).catch((e: unknown) => stats.error(`loop: ${e instanceof Error ? e.message : String(e)}`));
        await sleep(Math.max(0, every - (Date.now() - t)));
      }
    };
    for (const [k, s] of [["A", sup[0]], ["B", sup[1]], ["A", sup[0]], ["B", sup[1]]] as const) if (s) s.stream("/api/events", () => events[k]++, stop.signal);
    const tag = randomBytes(3).toString("hex");
    const loops = [
      // Pay-outs, alternating instances; every tenth big enough to wait for an approver.
      loop(400, async (i) => {
        const body = { credentialId: cred.id, region: "TH", method: "KBANK", account: String(3_000_000_000 + i), amount: i % 10 === 0 ? "90000" : "100", purpose: `Soak ${i}` };
        const r = await fin[i % 2]?.call("POST /api/payouts", "/api/payouts", { method: "POST", json: body, headers: { "idempotency-key": `soak-${tag}-${i}` } }, stats);
        if (r?.status === 201) sent.payouts++;
      }),
      loop(2_000, async (i) => {
        const body = { credentialId: cred.id, region: "TH", method: "QRPAY", amount: "250", purpose: `Soak pay-in ${i}`, payerName: "Somchai Jaidee", payerBank: "KBANK", payerAccount: String(4_000_000_000 + i) };
        const r = await fin[i % 2]?.call("POST /api/payins", "/api/payins", { method: "POST", json: body, headers: { "idempotency-key": `soak-in-${tag}-${i}` } }, stats);
        if (r?.status === 201) sent.payins++;
      }),
      loop(700, async (i) => {
        const s = sup[i % 2];
        await s?.call("GET /api/payouts (search)", `/api/payouts?region=TH&status=${["SUCCESS", "PROCESSING", "FAILED"][i % 3]}&limit=50`, {}, stats);
        await s?.call("GET /api/payouts?q", `/api/payouts?q=TH2026&limit=20`, {}, stats);
        await s?.call("GET /api/payins", "/api/payins?limit=50", {}, stats);
      }),
      // One approval per 30-s code step: a code approves once.
      loop(31_000, async () => {
        const r = await appr.call("GET /api/payouts (approvals)", "/api/payouts?status=PENDING_APPROVAL&limit=1", {}, stats);
        const p = ((await r.json()) as { items?: { id: number; contentHash: string }[] }).items?.[0];
        if (!p) return;
        const res = await appr.call("POST /api/payouts/{id}/approve", `/api/payouts/${p.id}/approve`, { method: "POST", json: { code: authenticator.generate(apprSecret), contentHash: p.contentHash } }, stats);
        if (res.ok) sent.approvals++;
      }),
      (async () => {
        await sleep(60_000);
        const rows = 300;
        const csv = ["region,method,account,amount,purpose", ...Array.from({ length: rows }, (_, i) => `TH,KBANK,${5_000_000_000 + i},150,Soak run ${i}`)].join("\r\n");
        const r = await fin[0]?.call("POST /api/payout-batches", `/api/payout-batches?credentialId=${cred.id}&fileName=soak.csv`, { method: "POST", body: csv, headers: { "content-type": "text/csv", "idempotency-key": `soak-run-${tag}` } }, stats);
        if (r?.status === 201) sent.batchRows += rows;
        else log(`run refused: ${r?.status} ${await r?.text()}`);
      })(),
    ];
    const pids = { A: serverPid(Number(new URL(a.baseUrl).port)), B: b.pid() ?? null };
    const mem: { t: number; A: number; B: number }[] = [];
    const t0 = Date.now();
    const ticker = (async () => {
      while (Date.now() < until) {
        await sleep(Math.min(30_000, Math.max(0, until - Date.now())));
        mem.push({ t: Math.round((Date.now() - t0) / 1000), A: rssMb(pids.A), B: rssMb(pids.B) });
        const m = mem.at(-1);
        log(`${m?.t} s: RSS A ${m?.A.toFixed(0)} MB, B ${m?.B.toFixed(0)} MB; ${stats.total()} requests (${(stats.total() / ((Date.now() - t0) / 1000)).toFixed(1)}/s), errors ${stats.errors()}; events A ${events.A}, B ${events.B}`);
      }
    })();
    await Promise.all([...loops, ticker]);
    stop.abort();
    // Let the last pay-outs settle before counting (callbacks, reconciliation).
    await sleep(30_000);
    const seconds = (Date.now() - t0) / 1000;
    stats.print(log, seconds);
    lines.push({ figure: `soak ${MINUTES} min: requests`, value: stats.total() / seconds, unit: "req/s", floor: null, goal: null, ok: null });
    lines.push({ figure: `soak ${MINUTES} min: 5xx or no answer`, value: stats.errors(), unit: "requests", floor: null, goal: "0", ok: stats.errors() === 0 });
    const last5 = mem.filter((m) => m.t >= (mem.at(-1)?.t ?? 0) - 300);
    for (const k of ["A", "B"] as const) {
      const first = last5[0]?.[k] ?? NaN;
      const max = Math.max(...last5.map((m) => m[k]));
      log(`instance ${k} RSS over the last five minutes: ${first.toFixed(0)} → max ${max.toFixed(0)} MB (growth ${(((max - first) / first) * 100).toFixed(1)} %)`);
      if (Number.isFinite(first) && first > 0) lines.push({ figure: `soak: instance ${k} RSS growth, last 5 min`, value: ((max - first) / first) * 100, unit: "%", floor: null, goal: null, ok: null });
    }
    const [db] = await sql<{ payouts: string; payins: string; batch_rows: string; callbacks: string; open: string; approved_by: string }[]>`
      select (select count(*) from payouts where idempotency_key like ${`soak-${tag}-%`})::text as payouts,
             (select count(*) from payins)::text as payins,
             (select count(*) from payouts where batch_id is not null)::text as batch_rows,
             (select count(*) from callbacks)::text as callbacks,
             (select count(*) from payouts where status in ('APPROVED', 'SENDING', 'UNKNOWN'))::text as open,
             (select count(*) from payouts where approved_by is not null)::text as approved_by`;
    log(`sent: ${JSON.stringify(sent)}; in the database: pay-outs ${db?.payouts}, pay-ins ${db?.payins}, run rows ${db?.batch_rows}, approved ${db?.approved_by}, callbacks ${db?.callbacks}, pay-outs still open (not PROCESSING) ${db?.open}`);
    const lost = Number(db?.payouts) !== sent.payouts || Number(db?.payins) !== sent.payins || Number(db?.batch_rows) !== sent.batchRows;
    log(lost ? "MISMATCH between what was sent and what is stored" : "nothing lost: every accepted request is a row, and no row without one");
    lines.push({ figure: "soak: accepted requests and stored rows match", value: lost ? 0 : 1, unit: "1 = yes", floor: null, goal: "1", ok: !lost });
  } finally {
    stop.abort();
    await sql.end({ timeout: 1 });
    await b.kill();
    await a.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const l of lines) printBenchLine(l);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
