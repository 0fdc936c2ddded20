/**
 * `npm run bench:live`: callback-to-browser latency across two instances. The app starts the README's way (npm start,
 * a throw-away DATA_DIR) as instance A, a second server on the same database is instance B (scripts/second-instance.ts);
 * BENCH_STREAMS event streams (default 200) are opened, half on each, as signed-in support users; then, for each
 * rate of BENCH_RATE (per second, default "25,100"), BENCH_N signed callbacks (default 300) are posted to A. For every
 * (stream, event) the time from posting the callback to the event arriving on that stream is one sample: p50/p99 per
 * instance, beside GET /api/health on A probed during the same load, and split into its steps (live-breakdown.ts).
 * Each server's resident memory (VmRSS) is printed before the streams open, with them open, and after each rate.
 * Ends with one `BENCH {json}` line per rate for the lead's table.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { embeddedRoleUrls } from "@/db/prepare-database";
import { DEMO_USERS } from "@/lib/demo/seed-demo";
import { ensureBuild } from "./ensure-build";
import { launchApp } from "./launch-app";
import { healthProbe, liveBreakdown, type Sent } from "./live-breakdown";
import { acceptedPayouts, postCallback } from "./live-load";
import { secondInstance } from "./second-instance";

const root = path.resolve(import.meta.dirname, "..");
const STREAMS = Number(process.env.BENCH_STREAMS ?? 200);
const N = Number(process.env.BENCH_N ?? 300);
const RATES = (process.env.BENCH_RATE ?? "25,100").split(",").map(Number);
const log = (m: string) => console.log(`[bench:live] ${m}`);

/** The serve.mjs process listening on `port` (found by its environment), for its memory. */
function serverPid(port: number): number | null {
  for (const d of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const args = readFileSync(`/proc/${d}/cmdline`, "utf8");
      if (!args.includes("serve.mjs")) continue;
      if (readFileSync(`/proc/${d}/environ`, "utf8").split("\0").includes(`PORT=${port}`)) return Number(d);
    } catch {
      // gone, or not ours
    }
  }
  return null;
}
const rssMb = (pid: number | null) => (pid ? Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024 : NaN);

async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const i = pair.indexOf("=");
      if (i > 0) jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, totp: "", json: "true" }).toString(),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in of ${email} failed (${res.status})`);
  return cookie();
}

let reconnects = 0;

/**
 * One EventSource-like reader (fetch streaming): calls onEvent(orderNo, arrivedAt) for each order event and, like
 * a browser, reconnects with Last-Event-ID after the stream ends or fails.
 */
function openStream(base: string, cookie: string, onEvent: (e: { id: number; orderNo: string; to: string }, at: number) => void, ready: () => void, signal: AbortSignal) {
  let lastId: string | null = null;
  let first = true;
  void (async () => {
    while (!signal.aborted) {
      try {
        const headers: Record<string, string> = { cookie, accept: "text/event-stream", ...(lastId ? { "last-event-id": lastId } : {}) };
        const res = await fetch(`${base}/api/events`, { headers, signal });
        if (!res.ok || !res.body) throw new Error(`stream refused: ${res.status}`);
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true });
          let i: number;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            lastId = /^id: (\d+)$/m.exec(block)?.[1] ?? lastId;
            if (block.includes("event: ready") && first) {
              first = false;
              ready();
            }
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (block.includes("event: order") && data) onEvent(JSON.parse(data) as { id: number; orderNo: string; to: string }, performance.now());
          }
        }
      } catch {
        // cut: reconnect below, as EventSource does
      }
      if (signal.aborted) return;
      reconnects++;
      await new Promise((r) => setTimeout(r, 2_000));
    }
  })();
}

/**
 * A SUCCESS that some streams lack 15 s after the last callback: late or lost? Waits 30 s more and says, per order,
 * its event id and how many streams had it then and after (the figure above still counts it as missing).
 */
async function explainMissing(sql: postgres.Sql, orderNos: string[], counts: Map<string, number>, streams: number): Promise<void> {
  const before = new Map(orderNos.map((k) => [k, counts.get(k) ?? 0]));
  const end = Date.now() + 30_000;
  while (orderNos.some((k) => (counts.get(k) ?? 0) < streams) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
  for (const k of orderNos) {
    const [ev] = await sql<{ id: string; at: string }[]>`
      select e.id::text, e.created_at::text as at from order_events e join payouts p on p.id = e.payout_id
       where p.order_no = ${k} and e.to_status = 'SUCCESS' order by e.id limit 1`;
    log(`missing SUCCESS of ${k} (event ${ev?.id ?? "none"}, written ${ev?.at ?? "-"}): on ${before.get(k)} of ${streams} streams after 15 s, ${counts.get(k) ?? 0} after 45 s`);
  }
}

const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

async function main() {
  ensureBuild(log);
  const dataDir = mkdtempSync(path.join(tmpdir(), "smilepayz-bench-live-"));
  const a = await launchApp({ root, dataDir });
  log(`instance A (npm start): ${a.baseUrl}, up in ${a.startMs} ms`);
  const b = await secondInstance({ root, dataDir, gatewayUrl: a.gatewayUrl });
  log(`instance B (second server, same database): ${b.baseUrl}`);
  const sql = postgres(embeddedRoleUrls(dataDir).ownerUrl, { max: 4, onnotice: () => undefined });
  const abort = new AbortController();
  try {
    const secrets = JSON.parse(readFileSync(path.join(dataDir, "demo-secrets.json"), "utf8")) as { merchantId: string; platformPrivateKey: string };
    const [m] = await sql<{ id: string }[]>`select id::text from merchants where merchant_id = ${secrets.merchantId}`;
    const support = DEMO_USERS.find((u) => u.role === "support");
    if (!support || !m) throw new Error("demo data missing");
    const pids = { A: serverPid(Number(new URL(a.baseUrl).port)), B: b.pid() ?? null };
    const mem: Record<string, [number, number]>[] = [];
    const snap = (label: string) => mem.push({ [label]: [rssMb(pids.A), rssMb(pids.B)] });
    snap("before streams");

    const cookies = [await signIn(a.baseUrl, support.email, support.password), await signIn(b.baseUrl, support.email, support.password)];
    // A phase's pay-outs: orderNo → when its callback was posted (performance.now()), and each stream's arrivals.
    let sent = new Map<string, number>();
    // A callback makes two events: its news (the order waits for inquiry-status) and the gateway's SUCCESS. The
    // samples are post-to-SUCCESS (what a person waits for) and post-to-news; every event id must arrive once per stream.
    let samples: Record<"A" | "B", number[]> = { A: [], B: [] };
    let news: Record<"A" | "B", number[]> = { A: [], B: [] };
    let arrivals = new Map<string, number[]>();
    let readyCount = 0;
    let counts = new Map<string, number>();
    let perEvent = new Map<number, number>();
    for (let i = 0; i < STREAMS; i++) {
      const on = i % 2 === 0 ? "A" : "B";
      openStream(on === "A" ? a.baseUrl : b.baseUrl, cookies[i % 2] ?? "", (e, at) => {
        const t0 = sent.get(e.orderNo);
        if (t0 === undefined) return;
        perEvent.set(e.id, (perEvent.get(e.id) ?? 0) + 1);
        if (e.to !== "SUCCESS") return void news[on].push(at - t0);
        samples[on].push(at - t0);
        arrivals.set(e.orderNo, [...(arrivals.get(e.orderNo) ?? []), performance.timeOrigin + at]);
        counts.set(e.orderNo, (counts.get(e.orderNo) ?? 0) + 1);
      }, () => readyCount++, abort.signal);
    }
    const until = Date.now() + 60_000;
    while (readyCount < STREAMS && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    log(`${readyCount}/${STREAMS} streams live (${Math.ceil(STREAMS / 2)} on A, ${Math.floor(STREAMS / 2)} on B)`);
    snap("streams open");

    const figures: { rate: number; p99: number; health: number[] }[] = [];
    for (const rate of RATES) {
      [sent, samples, news, arrivals, counts, perEvent] = [new Map(), { A: [], B: [] }, { A: [], B: [] }, new Map(), new Map(), new Map()];
      const ps = await acceptedPayouts(sql, Number(m.id), N);
      const walls: Sent[] = [];
      const health = healthProbe(a.baseUrl);
      const t = performance.now();
      let failures = 0;
      await Promise.all(
        ps.map(async (p, i) => {
          const due = t + (i * 1000) / rate;
          await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
          sent.set(p.orderNo, performance.now());
          walls.push({ orderNo: p.orderNo, wall: Date.now() });
          const r = await postCallback(a.baseUrl, p, secrets);
          if (r.status !== 200) failures++;
        }),
      );
      const end = Date.now() + 15_000;
      while ([...sent.keys()].some((k) => (counts.get(k) ?? 0) < readyCount) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      const healthMs = (await health.stop()).sort((x, y) => x - y);
      snap(`after ${rate}/s`);

      const lost = [...sent.keys()].reduce((n, k) => n + Math.max(0, readyCount - (counts.get(k) ?? 0)), 0);
      if (lost > 0) await explainMissing(sql, [...sent.keys()].filter((k) => (counts.get(k) ?? 0) < readyCount), counts, readyCount);
      const doubled = [...perEvent.values()].reduce((n, c) => n + Math.max(0, c - readyCount), 0);
      console.log(`\n${N} callbacks to A at ${rate}/s (${failures} refused); ${STREAMS} streams (${reconnects} reconnects so far); SUCCESS deliveries missing ${lost}; events delivered twice to one stream ${doubled} (${perEvent.size} event ids)`);
      console.log("| streams on | what | samples | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|");
      for (const k of ["A", "B"] as const) {
        for (const [what, all] of [["callback to SUCCESS on screen", samples[k]], ["callback to its news", news[k]]] as const) {
          const xs = [...all].sort((x, y) => x - y);
          console.log(`| ${k} | ${what} | ${xs.length} | ${q(xs, 0.5).toFixed(1)} | ${q(xs, 0.99).toFixed(1)} | ${(xs.at(-1) ?? NaN).toFixed(1)} |`);
        }
      }
      console.log(`| A | GET /api/health during the load (every 100 ms) | ${healthMs.length} | ${q(healthMs, 0.5).toFixed(1)} | ${q(healthMs, 0.99).toFixed(1)} | ${(healthMs.at(-1) ?? NaN).toFixed(1)} |`);
      console.log("\nwhere the time to SUCCESS on screen goes (both instances' streams):\n| step | samples | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|");
      for (const line of await liveBreakdown(sql, walls, arrivals)) console.log(line);
      const all = [...samples.A, ...samples.B].sort((x, y) => x - y);
      // Every SUCCESS that never arrived counts as beyond any goal.
      figures.push({ rate, p99: lost > 0 ? Infinity : q(all, 0.99), health: healthMs });
    }

    console.log("\n| memory (RSS MB) | A | B |\n|---|---|---|");
    for (const row of mem) for (const [label, [ma, mb]] of Object.entries(row)) console.log(`| ${label} | ${ma.toFixed(0)} | ${mb.toFixed(0)} |`);
    console.log("");
    for (const f of figures) {
      const healthP99 = Math.round(q(f.health, 0.99) * 10) / 10;
      const value = Number.isFinite(f.p99) ? Math.round(f.p99) : null;
      const goal = f.rate === 25 ? "< 1000" : "printed";
      const ok = f.rate === 25 ? value !== null && value < 1000 : value !== null;
      console.log(`BENCH ${JSON.stringify({ figure: `live p99 at ${f.rate}/s (${STREAMS} streams)`, value, unit: "ms", floor: healthP99, floorName: "/api/health p99 during the same load", goal, ok })}`);
    }
  } finally {
    abort.abort();
    await sql.end({ timeout: 1 });
    await b.kill();
    await a.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
