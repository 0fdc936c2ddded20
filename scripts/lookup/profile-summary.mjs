/**
 * `node scripts/lookup/profile-summary.mjs <file.cpuprofile> [n]`: a node CPU profile (BENCH_PROFILE=dir of
 * bench:lookup) as self time by package or file, then by function (top n, 40). Idle is listed as "(idle)".
 */
import { readFileSync } from "node:fs";

const profile = JSON.parse(readFileSync(process.argv[2], "utf8"));
const top = Number(process.argv[3] ?? 40);
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const d = profile.timeDeltas[i] ?? 0;
  total += d;
  self.set(id, (self.get(id) ?? 0) + d);
});
const group = (url) => {
  if (!url) return "(native/vm)";
  const pkg = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return url;
  const next = url.match(/\.next\/server\/(?:chunks\/)?([^/]+)/);
  return next ? `.next/${next[1]}` : url.replace(/^file:\/\//, "");
};
const byGroup = new Map();
const byFunction = new Map();
for (const [id, t] of self) {
  const { functionName, url, lineNumber, columnNumber } = nodes.get(id).callFrame;
  const g = group(url);
  byGroup.set(g, (byGroup.get(g) ?? 0) + t);
  const f = `${functionName || "(anonymous)"} ${g}:${lineNumber + 1}:${columnNumber + 1}`;
  byFunction.set(f, (byFunction.get(f) ?? 0) + t);
}
const list = (m, n) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${(v / 1000).toFixed(0).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join("\n");
console.log(`total ${(total / 1000).toFixed(0)} ms\n-- self time by package or file\n${list(byGroup, 25)}\n-- self time by function\n${list(byFunction, top)}`);
