/**
 * `npm test`: the whole suite. Vitest runs unit and database tests (a fresh database per run, see
 * tests/setup/global-setup.ts); then the browser suite runs when Chromium is installed (it is in CI).
 * Ends with one plain line `tests: N passed, N failed` that CI reads.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { failedTestLines, type VitestFileResult } from "./lib/vitest-failures";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, ".test-data");
mkdirSync(out, { recursive: true });

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTotalTests: number;
  success: boolean;
  testResults?: VitestFileResult[];
}

const failedTests: string[] = [];

function runVitest(label: string, args: string[]): VitestJson {
  const file = path.join(out, `${label}.json`);
  const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
  const res = spawnSync(
    process.execPath,
    [vitest, "run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`],
    { cwd: root, stdio: "inherit", env: process.env },
  );
  if (!existsSync(file)) {
    return { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTotalTests: 1, success: false };
  }
  const json = JSON.parse(readFileSync(file, "utf8")) as VitestJson;
  if (res.status !== 0 && json.numFailedTests === 0) json.numFailedTests = 1; // a crash outside a test
  failedTests.push(...failedTestLines(label, json.testResults ?? [], root));
  return json;
}

const results: VitestJson[] = [runVitest("unit", [])];

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const e2eConfig = path.join(root, "vitest.e2e.config.ts");
if (existsSync(e2eConfig)) {
  if (existsSync(chromium)) {
    results.push(runVitest("e2e", ["--config", e2eConfig]));
  } else if (process.env.CI) {
    console.error(`Chromium not found at ${chromium}: the browser suite cannot run in CI.`);
    results.push({ numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTotalTests: 1, success: false });
  } else {
    console.warn(`\nChromium not found at ${chromium}: browser tests skipped (apt-get install chromium).`);
  }
}

const passed = results.reduce((n, r) => n + r.numPassedTests, 0);
const failed = results.reduce((n, r) => n + r.numFailedTests, 0);
const skipped = results.reduce((n, r) => n + r.numPendingTests, 0);
if (failedTests.length) console.log(`\nfailed:\n${failedTests.map((f) => `  ${f}`).join("\n")}`);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
