/**
 * `npm run bench:request`: what one signed-in API request costs the production server (scripts/serve.mjs + Next).
 * Builds when sources are newer than the build (as tests/e2e/global-setup.ts does), starts the app with
 * scripts/start.ts on a fresh database on DATABASE_URL's server (least-privilege app role, sandbox gateway on),
 * signs in the demo support user over HTTP, then fires BENCH_N sequential and BENCH_N concurrent (BENCH_C at a
 * time) GETs of BENCH_PATH, each right after the same of /api/health (the floor), and prints req/s, p50/p99 and the
 * server's CPU ms per request (utime+stime of the serve.mjs process tree from /proc, read before and after each
 * run), then BENCH lines (no goal: a figure to watch).
 *   BENCH_N (500), BENCH_C (16), BENCH_PATH (/api/merchants/options), BENCH_PROFILE=dir: node --cpu-prof for the
 *   server process only (its profile is written to dir when it exits).
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startBenchApp } from "./bench-setup";
import { ensureBuild } from "./ensure-build";
import { printBenchLine, type BenchFigure } from "./lib/bench-table";
import { signIn, type Session } from "./lookup/bench-http";
import { envNumber as num } from "./lib/bench-figures";

const N = num("BENCH_N", 500);
const C = num("BENCH_C", 16);
const PATH = process.env.BENCH_PATH ?? "/api/merchants/options";
const PROFILE = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
const log = (m: string) => console.log(`[bench:request] ${m}`);
const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

const children = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
};
/** utime + stime (ms) of a process and its descendants. */
function cpuMs(pid: number): number {
  let total = 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
  for (const c of children(pid)) total += cpuMs(c);
  return total;
}

async function run(label: string, s: Session, pid: number, concurrency: number, target = PATH) {
  const lat: number[] = [];
  let bad = 0;
  let next = 0;
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < N) {
        next++;
        const a = performance.now();
        const res = await s.fetch(target);
        await res.arrayBuffer();
        lat.push(performance.now() - a);
        if (res.status !== 200) bad++;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const cpu = cpuMs(pid) - cpu0;
  lat.sort((x, y) => x - y);
  const pct = (q: number) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))]?.toFixed(1);
  log(
    `${label.padEnd(14)} ${N} x GET ${target}: ${(N / secs).toFixed(0)} req/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, ` +
      `server CPU ${(cpu / N).toFixed(2)} ms/req${bad ? `, ${bad} not 200` : ""}; load ${os.loadavg()[0]?.toFixed(1)}`,
  );
  if (bad) throw new Error(`${bad} answers of GET ${target} were not 200`);
  return { rps: N / secs, cpuMs: cpu / N };
}

async function main() {
  ensureBuild(log);
  const app = await startBenchApp({ prefix: "benchreq", env: PROFILE ? { SERVE_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${PROFILE}` } : {} });
  const { base, child } = app;
  const lines: BenchFigure[] = [];
  try {
    const server = children(child.pid ?? 0).find((p) => cmdline(p).includes("serve.mjs"));
    if (!server) throw new Error("serve.mjs process not found");
    log(`app on ${base} (serve.mjs pid ${server}); ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);

    const s = await signIn(base, "support@demo.test", "support-demo-password");
    // Warm-up: compiled routes, pools, JIT.
    for (let i = 0; i < 50; i++) await (await s.fetch(PATH)).arrayBuffer();
    for (let i = 0; i < 50; i++) await (await s.fetch("/api/health")).arrayBuffer();
    // /api/health right before each: the floor, measured on the same server at the same moment.
    for (const c of [1, C]) {
      const label = c === 1 ? "sequential" : `concurrent ${C}`;
      const floor = await run(`${label} (floor)`, s, server, c, "/api/health");
      const fig = await run(label, s, server, c);
      lines.push({ figure: `GET ${PATH} c=${c}`, value: fig.rps, unit: "req/s", floor: floor.rps, floorName: `/api/health c=${c}`, goal: null, ok: null });
      lines.push({ figure: `GET ${PATH} c=${c} server CPU`, value: fig.cpuMs, unit: "ms/req", floor: floor.cpuMs, floorName: `/api/health c=${c}`, goal: null, ok: null });
    }
  } finally {
    await app.stop();
    if (PROFILE) log(`server CPU profile in ${PROFILE}`);
  }
  for (const l of lines) printBenchLine(l);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
