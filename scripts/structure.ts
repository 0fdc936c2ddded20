/**
 * The structure drawing, as text: which floor of lib/ imports which, the imports that run back up the floors, the
 * circles (files that import each other round), the longest files and functions, and the line counts.
 *
 *   node --import tsx scripts/structure.ts            # the whole report
 *   node --import tsx scripts/structure.ts --json     # the figures only, for a diff between two checkouts
 *
 * Floors, bottom first: a unit may import its own floor and the ones below, never one above. A unit is a folder
 * of lib/ (lib/orders) or a file at lib/'s root (lib/errors.ts). Type-only imports count: they tie the code as
 * much as a value does.
 */
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, dirname, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");

/** The floors of lib/, bottom first. Anything not named sits on the domain floor. */
export const FLOORS: { name: string; units: string[] }[] = [
  {
    name: "base (pure, or the process's own: no domain)",
    units: [
      "errors.ts", "env.ts", "log.ts", "db-errors.ts", "time", "crypto", "words", "validation", "smilepayz",
      "http", "strangers", "order-status",
    ],
  },
  { name: "platform (who acts, the record, the queue, the route wrapper, a change asked for four eyes)", units: ["context.ts", "audit", "auth", "jobs", "events", "api", "pending-changes"] },
  { name: "core domains", units: ["merchants", "users", "orders"] },
  {
    name: "money domains",
    units: ["payouts", "payins", "payout-batches", "balances", "notifications", "saved-searches", "account", "beneficiaries", "statements", "webhooks", "api-keys"],
  },
  { name: "the gateway wing (sending and checking orders of every kind)", units: ["gateway-work", "callbacks"] },
  {
    name: "above the domains (approvals, overviews, start-up)",
    units: ["approvals", "dashboard", "health", "demo", "workers", "openapi"],
  },
];
const DOMAIN_FLOOR = 3;

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mjs)$/.test(name) && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const EXTS = ["", ".ts", ".tsx", ".mjs", "/index.ts", "/index.tsx"];
function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = join(root, spec.slice(2));
  else if (spec.startsWith(".")) base = resolve(dirname(from), spec);
  else return null;
  for (const e of EXTS) {
    const p = base + e;
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

const IMPORT_RE = /(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g;

export function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec) continue;
    const r = resolveImport(file, spec);
    if (r) out.push(r);
  }
  return out;
}

function unitOf(file: string): string | null {
  const rel = relative(join(root, "lib"), file);
  if (rel.startsWith("..")) return null;
  return rel.split("/")[0] ?? null;
}

function floorOf(unit: string): number {
  const i = FLOORS.findIndex((f) => f.units.includes(unit));
  return i === -1 ? DOMAIN_FLOOR : i;
}

/** Tarjan's strongly connected components: each with more than one file is a circle. */
function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      for (;;) {
        const w = stack.pop();
        if (w === undefined) break;
        on.delete(w);
        comp.push(w);
        if (w === v) break;
      }
      if (comp.length > 1) out.push(comp);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

function lines(files: string[]): number {
  return files.reduce((n, f) => n + readFileSync(f, "utf8").split("\n").length - 1, 0);
}

/** Functions longer than the limit: a function's lines counted from its header to the brace that closes it. */
function longFunctions(file: string, limit: number): { name: string; lines: number; at: number }[] {
  const text = readFileSync(file, "utf8").split("\n");
  const out: { name: string; lines: number; at: number }[] = [];
  const header =
    /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\*?\s+([A-Za-z0-9_$]+)|^\s*(?:export\s+)?const\s+([A-Za-z0-9_$]+)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:\([^)]*\)|[A-Za-z0-9_$]+)\s*(?::[^=]+)?=>/;
  for (let i = 0; i < text.length; i++) {
    const line = text[i] ?? "";
    const m = header.exec(line);
    if (!m) continue;
    const indent = /^\s*/.exec(line)?.[0].length ?? 0;
    let depth = 0;
    let seen = false;
    let end = i;
    for (let j = i; j < text.length; j++) {
      const lj = text[j] ?? "";
      for (const ch of lj.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, "")) {
        if (ch === "{") {
          depth++;
          seen = true;
        } else if (ch === "}") depth--;
      }
      if (seen && depth <= 0) {
        end = j;
        break;
      }
      if (!seen && j > i && /;\s*$/.test(lj) && (/^\s*/.exec(lj)?.[0].length ?? 0) <= indent) {
        end = j;
        break;
      }
    }
    const n = end - i + 1;
    if (n > limit) out.push({ name: m[1] ?? m[2] ?? "?", lines: n, at: i + 1 });
  }
  return out;
}

/** The money path: sending, checking, callbacks, status changes, approvals of pay-outs and runs. */
const MONEY_PATH = [
  "lib/orders", "lib/payouts", "lib/payins", "lib/payout-batches", "lib/callbacks", "lib/gateway-work",
  "lib/smilepayz", "lib/balances", "lib/workers", "lib/context.ts", "lib/jobs",
];

export function measure() {
  const libFiles = walk(join(root, "lib"));
  const all = [...libFiles, ...walk(join(root, "db")), ...walk(join(root, "components")), ...walk(join(root, "app"))];
  const graph = new Map<string, string[]>();
  for (const f of all) graph.set(f, importsOf(f));

  const unitEdges = new Map<string, number>();
  const backUp: string[] = [];
  for (const f of libFiles) {
    const from = unitOf(f);
    if (!from) continue;
    for (const t of graph.get(f) ?? []) {
      const to = unitOf(t);
      if (!to || to === from) continue;
      const key = `${from} -> ${to}`;
      unitEdges.set(key, (unitEdges.get(key) ?? 0) + 1);
      if (floorOf(to) > floorOf(from)) backUp.push(`${relative(root, f)} -> ${relative(root, t)}`);
    }
  }
  const unitGraph = new Map<string, string[]>();
  for (const k of unitEdges.keys()) {
    const [a = "", b = ""] = k.split(" -> ");
    unitGraph.set(a, [...(unitGraph.get(a) ?? []), b]);
    if (!unitGraph.has(b)) unitGraph.set(b, []);
  }
  const fileCircles = circles(graph).map((c) => c.map((f) => relative(root, f)).sort());
  const unitCircles = circles(unitGraph).map((c) => c.sort());

  const big = all
    .filter((f) => /^(lib|components|app)\//.test(relative(root, f)))
    .map((f) => ({ file: relative(root, f), lines: lines([f]) }))
    .filter((x) => x.lines > 250)
    .sort((a, b) => b.lines - a.lines);
  const moneyFiles = libFiles.filter((f) => MONEY_PATH.some((p) => relative(root, f).startsWith(p)));
  const longFns = moneyFiles.flatMap((f) => longFunctions(f, 60).map((x) => ({ file: relative(root, f), ...x })));

  return {
    lines: {
      lib: lines(libFiles),
      components: lines(walk(join(root, "components"))),
      app: lines(walk(join(root, "app"))),
    },
    importsBackUp: backUp.sort(),
    fileCircles,
    unitCircles,
    filesOver250: big,
    moneyFunctionsOver60: longFns,
    unitEdges: [...unitEdges.entries()].sort().map(([k, n]) => `${k} (${n})`),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "")) {
  const m = measure();
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(m, null, 2));
  } else {
    console.log("Floors of lib/, bottom first (a floor may import its own and those below):");
    FLOORS.forEach((f, i) => console.log(`  ${i}. ${f.name}: ${f.units.join(", ")}${i === DOMAIN_FLOOR ? " (and any folder not named)" : ""}`));
    console.log(`\nLines: lib ${m.lines.lib}, components ${m.lines.components}, app ${m.lines.app}`);
    console.log(`\nImports running back up the floors: ${m.importsBackUp.length}`);
    for (const e of m.importsBackUp) console.log(`  ${e}`);
    console.log(`\nCircles of files: ${m.fileCircles.length}`);
    for (const c of m.fileCircles) console.log(`  ${c.join(" <-> ")}`);
    console.log(`Circles of lib/ folders: ${m.unitCircles.length}`);
    for (const c of m.unitCircles) console.log(`  ${c.join(" <-> ")}`);
    console.log(`\nFiles over 250 lines in lib/, components/, app/: ${m.filesOver250.length}`);
    for (const b of m.filesOver250) console.log(`  ${b.lines} ${b.file}`);
    console.log(`\nFunctions over 60 lines in the money path: ${m.moneyFunctionsOver60.length}`);
    for (const f of m.moneyFunctionsOver60) console.log(`  ${f.lines} ${f.file}:${f.at} ${f.name}`);
  }
}
