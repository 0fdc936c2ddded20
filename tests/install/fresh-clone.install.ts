import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { launchApp, type LaunchedApp } from "../../scripts/launch-app";
import { createPayout, firstCredential, forceOutcome, PAYOUTS, signIn, waitFinal } from "../../scripts/smoke-steps";

const root = path.resolve(__dirname, "../..");
const say = (m: string) => console.log(`[install] ${m}`);

/**
 * Root's home folder is private (0700) on every Debian machine, and as root the embedded PostgreSQL runs as the
 * `postgres` user, which cannot enter it. A clone there must still start with the README's two steps and nothing
 * else. Run as an ordinary user, the same steps must work too.
 */
test("a fresh clone under a private folder installs with npm ci, starts with npm start and pays out", async () => {
  const home = mkdtempSync(path.join(tmpdir(), "smilepayz-home-"));
  chmodSync(home, 0o700);
  expect(statSync(home).mode & 0o777).toBe(0o700);
  const clone = path.join(home, "smilepayz");
  let app: LaunchedApp | undefined;
  try {
    execFileSync("git", ["clone", "--quiet", root, clone]);
    let t = Date.now();
    const ci = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: clone, encoding: "utf8" });
    expect(ci.status, `npm ci failed:\n${ci.stderr.slice(-3000)}`).toBe(0);
    say(`npm ci in the clone: ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // The README's DATA_DIR default (.data in the clone), under the private folder like everything else.
    const dataDir = path.join(clone, ".data");
    mkdirSync(dataDir, { recursive: true });
    t = Date.now();
    app = await launchApp({ root: clone, dataDir, timeoutMs: 900_000 });
    say(`first npm start (build included) healthy in ${(app.startMs / 1000).toFixed(1)} s as ${process.getuid?.() === 0 ? "root" : "an ordinary user"}`);
    const where = /embedded PostgreSQL programs (.*)$/m.exec(readFileSync(app.logFile, "utf8"))?.[1];
    say(`the start line says: ${where ?? "(none)"}`);
    expect(where, "npm start says where the embedded PostgreSQL runs from").toBeTruthy();
    expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);

    // The smoke test's first pay-out: finance signs in with the printed login, pays, a verified callback settles it.
    const finance = await signIn(app, "finance");
    const credentialId = await firstCredential(finance);
    const first = PAYOUTS[0];
    const orderNo = `INST${Date.now().toString(36)}`.toUpperCase();
    await forceOutcome(app, orderNo, "SUCCESS");
    t = Date.now();
    const id = await createPayout(finance, credentialId, first, orderNo);
    const detail = await waitFinal(finance, id, first.region, Date.now() + 120_000);
    expect(detail.payout.status).toBe("SUCCESS");
    say(`${first.region} ${detail.payout.amountDisplay} → SUCCESS ${((Date.now() - t) / 1000).toFixed(1)} s after creation`);
  } finally {
    const cluster = app && /, cluster (\/var\/tmp\/smilepayz-pg-[0-9a-f]+)$/m.exec(readFileSync(app.logFile, "utf8"))?.[1];
    await app?.stop();
    if (cluster && existsSync(cluster)) rmSync(cluster, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
});
