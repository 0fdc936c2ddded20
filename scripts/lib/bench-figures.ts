// The benches' shared figures: a rate measured at a fixed concurrency, the pay-out workers' settings a bench may
// override, and the one line per figure the `npm run bench` table reads.
import type { PayoutWorkerOptions } from "@/lib/gateway-work/workers";

export interface BenchFigure {
  figure: string;
  value: number;
  unit: string;
  floor: number | null;
  floorName: string | null;
  /** The floor's unit when it is not the figure's (no ratio is taken then). */
  floorUnit?: string;
  goal: string | null;
  ok: boolean | null;
}

/** `BENCH {json}`: one line per figure, printed at the end of a bench, for the bench table. */
export function benchLine(f: BenchFigure): void {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  console.log(`BENCH ${JSON.stringify({ ...f, value: round(f.value), floor: round(f.floor) })}`);
}

/** Run `task` `concurrency` at a time, `until.count` times or for `until.ms`: completions per second and p50 ms. */
export async function rateOf(concurrency: number, until: { count: number } | { ms: number }, task: () => Promise<void>): Promise<{ perSecond: number; p50: number }> {
  const ms: number[] = [];
  const t0 = performance.now();
  let started = 0;
  const more = () => ("ms" in until ? performance.now() - t0 < until.ms : started < until.count);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (more()) {
        started++;
        const s = performance.now();
        await task();
        ms.push(performance.now() - s);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  ms.sort((a, b) => a - b);
  return { perSecond: ms.length / secs, p50: ms[Math.floor(ms.length / 2)] ?? NaN };
}

/** BENCH_BATCH / BENCH_WORKERS: the workers' batch size and fetch loops for this run; unset, the app's own. */
export function settingsFromEnv(): PayoutWorkerOptions {
  const n = (v: string | undefined) => (Number(v) > 0 ? Number(v) : undefined);
  const batchSize = n(process.env.BENCH_BATCH);
  const localConcurrency = n(process.env.BENCH_WORKERS);
  return { ...(batchSize ? { batchSize } : {}), ...(localConcurrency ? { localConcurrency } : {}) };
}

/** A bench's size from the environment: the variable when it is a positive number, else the default. */
export function envNumber(name: string, dflt: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
}
