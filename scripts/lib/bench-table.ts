/**
 * The contract between the benches and `npm run bench`: each bench prints, at its end, one line per figure,
 *   BENCH {"figure":"lookup by tradeNo c=10","value":600,"unit":"req/s","floor":904,"floorName":"/api/health c=10",
 *          "goal":">= 60% of floor","ok":true}
 * (the JSON after the word BENCH and one space; floor may be null). This module writes such lines and turns a
 * run's output into the one table. Pure: no process, no I/O but the line it prints.
 */

export interface BenchFigure {
  figure: string;
  value: number;
  unit: string;
  floor: number | null;
  floorName?: string | null;
  /** The floor's own unit when it is not the figure's (a run's seconds beside health checks/s): then no ratio. */
  floorUnit?: string | null;
  goal?: string | null;
  /** What the bench decided; when missing, the table judges the goal itself (judgeGoal). */
  ok?: boolean | null;
}

/** Prints the figure's BENCH line (the bench's judgement of its goal included). */
export function printBenchLine(f: BenchFigure, out: (line: string) => void = console.log): void {
  out(`BENCH ${JSON.stringify({ ...f, value: round(f.value), floor: f.floor === null ? null : round(f.floor) })}`);
}

const round = (v: number) => (Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100);

/** The figures in a bench's output; a line that starts with BENCH but is not such JSON is reported, not dropped. */
export function parseBenchLines(output: string): { figures: BenchFigure[]; bad: string[] } {
  const figures: BenchFigure[] = [];
  const bad: string[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith("BENCH ")) continue;
    try {
      const v = JSON.parse(line.slice(6)) as Partial<BenchFigure>;
      const floor = v.floor ?? null;
      if (typeof v.figure !== "string" || typeof v.value !== "number" || !Number.isFinite(v.value) || (floor !== null && typeof floor !== "number")) {
        throw new Error("not a figure");
      }
      figures.push({ ...v, figure: v.figure, value: v.value, unit: typeof v.unit === "string" ? v.unit : "", floor });
    } catch {
      bad.push(line.slice(0, 200));
    }
  }
  return { figures, bad };
}

/** value / floor, or null without a (positive) floor. */
export function ratio(f: Pick<BenchFigure, "value" | "floor"> & Partial<Pick<BenchFigure, "unit" | "floorUnit">>): number | null {
  if (f.floorUnit && f.floorUnit !== f.unit) return null;
  return f.floor !== null && f.floor > 0 ? f.value / f.floor : null;
}

/**
 * A goal as the benches write it, judged: ">= 60% of floor", "<= 2x floor", "< 50 ms", ">= 500 req/s", "0".
 * null when the goal says nothing this can read (or needs a floor that is missing).
 */
export function judgeGoal(goal: string | null | undefined, f: Pick<BenchFigure, "value" | "floor">): boolean | null {
  if (!goal) return null;
  const m = /^\s*(>=|<=|>|<|=)?\s*(-?\d+(?:\.\d+)?)\s*(%|x)?\s*(of floor|floor)?/i.exec(goal);
  if (!m) return null;
  const [, op = "=", num, mark, ofFloor] = m;
  let target = Number(num);
  if (mark === "%" && ofFloor) target = f.floor === null ? NaN : (target / 100) * f.floor;
  else if (mark === "x" || ofFloor) target = f.floor === null ? NaN : target * f.floor;
  if (!Number.isFinite(target)) return null;
  const v = f.value;
  return op === ">=" ? v >= target : op === "<=" ? v <= target : op === ">" ? v > target : op === "<" ? v < target : v === target;
}

/** One bench's run as `npm run bench` saw it. */
export interface BenchRun {
  bench: string;
  exitCode: number | null;
  output: string;
  seconds: number;
}

export interface TableRow {
  bench: string;
  figure: string;
  value: string;
  floor: string;
  ratio: string;
  goal: string;
  ok: "ok" | "NOT" | "-" | "no figure" | "failed";
}

const num = (v: number, unit = "") => `${Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)}${unit ? ` ${unit}` : ""}`;

/** The table's rows: each figure of each run; a run with no figure, or one that failed, as one row saying so. */
export function tableRows(runs: readonly BenchRun[]): TableRow[] {
  const rows: TableRow[] = [];
  for (const run of runs) {
    const { figures, bad } = parseBenchLines(run.output);
    const failed = run.exitCode !== 0;
    for (const f of figures) {
      const r = ratio(f);
      const ok = typeof f.ok === "boolean" ? f.ok : judgeGoal(f.goal, f);
      rows.push({
        bench: run.bench,
        figure: f.figure,
        value: num(f.value, f.unit),
        floor: f.floor === null ? "-" : `${num(f.floor, f.floorUnit ?? f.unit)}${f.floorName ? ` (${f.floorName})` : ""}`,
        ratio: r === null ? "-" : `${(r * 100).toFixed(0)}%`,
        goal: f.goal ?? "-",
        ok: ok === null ? "-" : ok ? "ok" : "NOT",
      });
    }
    for (const line of bad) rows.push({ bench: run.bench, figure: `unreadable: ${line.slice(0, 60)}`, value: "-", floor: "-", ratio: "-", goal: "-", ok: "NOT" });
    if (failed) {
      const why = run.exitCode === null ? "killed" : `exit code ${run.exitCode}`;
      rows.push({ bench: run.bench, figure: `bench failed (${why})`, value: "-", floor: "-", ratio: "-", goal: "-", ok: "failed" });
    } else if (figures.length === 0 && bad.length === 0) {
      rows.push({ bench: run.bench, figure: "(printed no BENCH line)", value: "-", floor: "-", ratio: "-", goal: "-", ok: "no figure" });
    }
  }
  return rows;
}

const HEAD: Record<keyof TableRow, string> = { bench: "bench", figure: "figure", value: "value", floor: "floor", ratio: "ratio", goal: "goal", ok: "ok?" };

/** The rows as a plain-text table, columns padded, numbers right-aligned. */
export function renderTable(rows: readonly TableRow[]): string {
  const cols = Object.keys(HEAD) as (keyof TableRow)[];
  const all = [HEAD, ...rows];
  const width = (c: keyof TableRow) => Math.max(...all.map((r) => r[c].length));
  const right = new Set<keyof TableRow>(["value", "ratio"]);
  const line = (r: TableRow | typeof HEAD) => cols.map((c) => (right.has(c) ? r[c].padStart(width(c)) : r[c].padEnd(width(c)))).join("  ").trimEnd();
  return [line(HEAD), cols.map((c) => "-".repeat(width(c))).join("  "), ...rows.map(line)].join("\n");
}

/** Whether every bench ran and every judged figure met its goal (a figure without a goal, or none, fails nothing). */
export function allOk(rows: readonly TableRow[]): boolean {
  return rows.every((r) => r.ok !== "NOT" && r.ok !== "failed");
}
