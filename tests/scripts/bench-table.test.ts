import { describe, expect, it } from "vitest";
import { allOk, judgeGoal, parseBenchLines, printBenchLine, ratio, renderTable, tableRows, type BenchFigure } from "@/scripts/lib/bench-table";

const line = (f: Record<string, unknown>) => `BENCH ${JSON.stringify(f)}`;
const lookup = { figure: "lookup by tradeNo c=10", value: 600, unit: "req/s", floor: 904, floorName: "/api/health c=10", goal: ">= 60% of floor", ok: true };

describe("the bench table", () => {
  it("reads BENCH lines among a bench's other output, and reports a malformed one", () => {
    const out = ["[bench:lookup] seeded", line(lookup), "  BENCH {not json", "BENCHMARK 3", line({ figure: "p99", value: 12.5, unit: "ms", floor: null })].join("\n");
    const { figures, bad } = parseBenchLines(out);
    expect(figures.map((f) => f.figure)).toEqual(["lookup by tradeNo c=10", "p99"]);
    expect(figures[1]?.floor).toBeNull();
    expect(bad).toEqual(["BENCH {not json"]);
    expect(parseBenchLines(line({ figure: "x", value: "fast" })).bad).toHaveLength(1);
  });

  it("writes lines it can read back", () => {
    const printed: string[] = [];
    printBenchLine({ ...lookup, value: 600.4 }, (l) => printed.push(l));
    expect(parseBenchLines(printed.join("\n")).figures[0]).toMatchObject({ figure: lookup.figure, value: 600, floor: 904 });
  });

  it("gives the ratio to the floor, and none without a floor", () => {
    expect(ratio({ value: 452, floor: 904 })).toBeCloseTo(0.5);
    expect(ratio({ value: 452, floor: null })).toBeNull();
    expect(ratio({ value: 452, floor: 0 })).toBeNull();
  });

  it("takes no ratio of a floor in another unit, and shows the floor in its own unit", () => {
    const run = { value: 34.3, unit: "s", floor: 15845, floorName: "/api/health checks in-process", floorUnit: "checks/s" };
    expect(ratio(run)).toBeNull();
    const [row] = tableRows([{ bench: "bulk", exitCode: 0, seconds: 1, output: `BENCH ${JSON.stringify({ figure: "10000-row run", ...run, goal: "< 60 s", ok: true })}` }]);
    expect(row).toMatchObject({ value: "34.3 s", floor: "15845 checks/s (/api/health checks in-process)", ratio: "-", ok: "ok" });
  });

  it("judges the goals the benches write", () => {
    const f = (value: number, floor: number | null = null) => ({ value, floor });
    expect(judgeGoal(">= 60% of floor", f(543, 904))).toBe(true);
    expect(judgeGoal(">= 60% of floor", f(542, 904))).toBe(false);
    expect(judgeGoal(">= 60% of floor", f(542))).toBeNull();
    expect(judgeGoal("< 50 ms", f(49.9))).toBe(true);
    expect(judgeGoal("< 50 ms", f(50))).toBe(false);
    expect(judgeGoal("<= 2x floor", f(20, 10))).toBe(true);
    expect(judgeGoal("<= 2x floor", f(21, 10))).toBe(false);
    expect(judgeGoal("as fast as possible", f(1))).toBeNull();
  });

  it("takes the bench's own verdict, else judges the goal, and shows ratio and floor", () => {
    const rows = tableRows([
      { bench: "lookup", exitCode: 0, seconds: 1, output: [line(lookup), line({ ...lookup, figure: "no verdict", value: 100, ok: undefined })].join("\n") },
    ]);
    expect(rows.map((r) => [r.figure, r.ratio, r.ok])).toEqual([
      ["lookup by tradeNo c=10", "66%", "ok"],
      ["no verdict", "11%", "NOT"],
    ]);
    expect(rows[0]?.floor).toBe("904 req/s (/api/health c=10)");
    expect(allOk(rows)).toBe(false);
  });

  it("shows a bench without figures as 'no figure' and a failed one with its exit code, the others' figures kept", () => {
    const runs = [
      { bench: "request", exitCode: 0, seconds: 1, output: "req/s 500\n" },
      { bench: "callbacks", exitCode: 3, seconds: 1, output: line({ figure: "callbacks/s", value: 900, unit: "/s", floor: null, goal: null }) },
      { bench: "live", exitCode: null, seconds: 1, output: "" },
    ];
    const rows = tableRows(runs);
    expect(rows.map((r) => [r.bench, r.figure, r.ok])).toEqual([
      ["request", "(printed no BENCH line)", "no figure"],
      ["callbacks", "callbacks/s", "-"],
      ["callbacks", "bench failed (exit code 3)", "failed"],
      ["live", "bench failed (killed)", "failed"],
    ]);
    expect(allOk(rows.slice(0, 2))).toBe(true);
    expect(allOk(rows)).toBe(false);
    const table = renderTable(rows).split("\n");
    expect(table[0]).toMatch(/^bench\s+figure\s+value\s+floor\s+ratio\s+goal\s+ok\?$/);
    expect(table).toHaveLength(rows.length + 2);
  });
});

// The type is the contract the benches print against.
const _typed: BenchFigure = lookup;
void _typed;
