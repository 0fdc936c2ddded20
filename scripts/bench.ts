/**
 * `npm run bench [-- [--quick] [name ...]]`: the benches one after another (never two at once: each measures the
 * machine), each in its own process as `npm run bench:<name>` runs it, then one table of every figure they printed
 * (BENCH lines, scripts/lib/bench-table.ts): value, the floor measured in the same run, the ratio, the goal, ok.
 * A bench that prints no BENCH line shows "no figure"; one that fails shows its exit code; the rest still run.
 *   names: request lookup payouts bulk callbacks sweep live (all of these by default), soak (only when named).
 *   --quick: smaller sizes (below), unless the variable is already set. BENCH_TIMEOUT_MIN (60): a bench's limit.
 * Exit code 1 when a bench failed or a figure missed its goal.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { renderTable, tableRows, allOk, type BenchRun } from "./lib/bench-table";

const root = path.resolve(import.meta.dirname, "..");

/** Each bench, in the order they run, with its quick-mode sizes. */
const BENCHES: ReadonlyArray<{ name: string; quick: Record<string, string>; optIn?: boolean }> = [
  { name: "request", quick: { BENCH_N: "200" } },
  { name: "lookup", quick: { BENCH_ORDERS: "100000", BENCH_N: "200" } },
  { name: "payouts", quick: { BENCH_N: "1000" } },
  { name: "bulk", quick: { BENCH_ROWS: "500" } },
  { name: "callbacks", quick: { BENCH_N: "500" } },
  { name: "sweep", quick: { BENCH_ORDERS: "20000", BENCH_ROUNDS: "3" } },
  { name: "live", quick: { BENCH_STREAMS: "50", BENCH_N: "100" } },
  { name: "soak", quick: { SOAK_MINUTES: "1" }, optIn: true },
];

function parseArgs(argv: readonly string[]) {
  const quick = argv.includes("--quick");
  const names = argv.filter((a) => !a.startsWith("--"));
  const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length) throw new Error(`no bench named ${unknown.join(", ")}; there are: ${BENCHES.map((b) => b.name).join(" ")}`);
  const chosen = names.length ? BENCHES.filter((b) => names.includes(b.name)) : BENCHES.filter((b) => !b.optIn);
  return { quick, chosen };
}

/** Runs one bench, its output passed through as it comes and kept; killed (whole process group) past the limit. */
function runBench(name: string, env: NodeJS.ProcessEnv, limitMs: number): Promise<BenchRun> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", `scripts/bench-${name}.ts`], {
      cwd: root,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (to: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString("utf8");
      to.write(chunk);
    };
    child.stdout.on("data", keep(process.stdout));
    child.stderr.on("data", keep(process.stderr));
    const timer = setTimeout(() => {
      console.error(`[bench] ${name} ran past ${limitMs / 60_000} min: stopping it`);
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    }, limitMs);
    const done = (exitCode: number | null) => {
      clearTimeout(timer);
      resolve({ bench: name, exitCode, output, seconds: (performance.now() - t0) / 1000 });
    };
    child.on("error", (e) => {
      output += `\n${e.message}`;
      done(null);
    });
    child.on("close", (code) => done(code));
  });
}

async function main() {
  const { quick, chosen } = parseArgs(process.argv.slice(2));
  const limitMs = (Number(process.env.BENCH_TIMEOUT_MIN) || 60) * 60_000;
  const runs: BenchRun[] = [];
  for (const b of chosen) {
    console.log(`\n[bench] ${b.name}${quick ? " (quick)" : ""}: npm run bench:${b.name}`);
    const env = { ...process.env };
    if (quick) for (const [k, v] of Object.entries(b.quick)) env[k] ??= v;
    const run = await runBench(b.name, env, limitMs);
    console.log(`[bench] ${b.name}: ${run.exitCode === 0 ? "done" : `exit code ${run.exitCode ?? "none (killed)"}`} in ${run.seconds.toFixed(0)} s`);
    runs.push(run);
  }
  const rows = tableRows(runs);
  console.log(`\n${renderTable(rows)}`);
  return allOk(rows) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
