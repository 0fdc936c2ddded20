/**
 * `npm run smoke`: the main job, as a new user does it, against `npm start` on a fresh data folder with the README's
 * environment (scripts/launch-app.ts). CI runs it on every build; any step that fails fails CI.
 *   1. sign in as the demo finance user with the login `npm start` printed, enrolling two-factor as a person would;
 *   2. one pay-out per region through the API (success forced through the sandbox's control API, so that
 *      3. can check the balances), each waited for until a final status that a verified callback from the sandbox
 *      gateway brought about (never NOT_ACCEPTED);
 *   3. the pay-out balance of each region, before and after: it moves by exactly the amount paid;
 *   4. the admin's Test connection on the demo credential lists the accounts.
 * Prints each step's figures beside /api/health measured in the same run. `--keep` leaves the data folder.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchApp } from "./launch-app";
import { createPayout, firstCredential, forceOutcome, healthMs, must, PAYOUTS, signIn, verifiedCallbacks, waitFinal } from "./smoke-steps";

const root = path.resolve(import.meta.dirname, "..");
const say = (m: string) => console.log(`[smoke] ${m}`);

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "smilepayz-smoke-"));
  chmodSync(dataDir, 0o755);
  say(`npm start with the README's environment (DATA_DIR ${dataDir})`);
  const app = await launchApp({ root, dataDir });
  let failed = false;
  try {
    say(`up in ${app.startMs} ms at ${app.baseUrl}; sandbox gateway ${app.gatewayUrl}`);
    say(`/api/health p50 ${(await healthMs(app.baseUrl)).toFixed(1)} ms (Next's own floor, for the figures below)`);

    let t = performance.now();
    const finance = await signIn(app, "finance");
    say(`finance signed in and enrolled two-factor in ${(performance.now() - t).toFixed(0)} ms`);

    const credentialId = await firstCredential(finance);

    const balance = async (region: string) => {
      const b = await finance.json<{ balanceDisplay: string | null; balanceMinor: string | null }>(`/api/payouts/balance?credentialId=${credentialId}&region=${region}`);
      must(b.status === 200 && b.body.balanceDisplay && b.body.balanceMinor, `balance ${region}: HTTP ${b.status} ${JSON.stringify(b.body)}`);
      return { display: b.body.balanceDisplay, minor: BigInt(b.body.balanceMinor) };
    };
    const before = new Map<string, { display: string; minor: bigint }>();
    for (const p of PAYOUTS) before.set(p.region, await balance(p.region));
    say(`balances read: ${[...before].map(([r, b]) => `${r} ${b.display}`).join(", ")}`);

    // Success is forced per orderNo through the sandbox's control API (its token is in the start log), so every run
    // checks that each balance moves by exactly the amount paid; the status still arrives by the gateway's callback.
    const orderNos = new Map(PAYOUTS.map((p) => [p.region, `SMK${p.region}${Date.now().toString(36)}`.toUpperCase()]));
    for (const orderNo of orderNos.values()) await forceOutcome(app, orderNo, "SUCCESS");

    t = performance.now();
    const created: { region: string; id: number; t0: number; paidMinor?: bigint }[] = [];
    for (const p of PAYOUTS) {
      created.push({ region: p.region, id: await createPayout(finance, credentialId, p, orderNos.get(p.region) ?? ""), t0: performance.now() });
    }
    say(`4 pay-outs created through the API in ${(performance.now() - t).toFixed(0)} ms`);

    const deadline = Date.now() + 120_000;
    for (const c of created) {
      const d = await waitFinal(finance, c.id, c.region, deadline);
      if (d.payout.status === "SUCCESS") c.paidMinor = BigInt(d.payout.amountMinor);
      const verified = verifiedCallbacks(d);
      say(`${c.region} ${d.payout.amountDisplay} → ${d.payout.status} (${verified} verified callback(s)) ${((performance.now() - c.t0) / 1000).toFixed(1)} s after creation`);
    }
    // The balance moves by exactly what was paid (nothing when the pay-out failed).
    for (const c of created) {
      const was = before.get(c.region);
      const now = await balance(c.region);
      must(was, `no opening balance for ${c.region}`);
      say(`balance ${c.region}: ${was.display} → ${now.display}`);
      must(was.minor - now.minor === (c.paidMinor ?? 0n), `${c.region} balance moved by ${was.minor - now.minor} minor units, paid ${c.paidMinor ?? 0n}`);
    }

    const admin = await signIn(app, "admin");
    t = performance.now();
    const test = await admin.json<{ ok: boolean; lines: { currency: string; kind: string; ok: boolean }[] }>(
      `/api/merchants/${credentialId}/test-connection`,
      "POST",
      {},
    );
    must(test.status === 200 && test.body.ok && test.body.lines.length > 0, `Test connection: HTTP ${test.status} ${JSON.stringify(test.body)}`);
    say(`Test connection passed in ${(performance.now() - t).toFixed(0)} ms: ${test.body.lines.map((l) => `${l.currency} ${l.kind}`).join(", ")}`);
    say(`/api/health p50 ${(await healthMs(app.baseUrl)).toFixed(1)} ms after the run`);
  } catch (err) {
    failed = true;
    console.error(`[smoke] FAILED: ${err instanceof Error ? err.message : String(err)}`);
    console.error(readFileSync(app.logFile, "utf8").split("\n").slice(-40).join("\n"));
  } finally {
    await app.stop();
    if (!process.argv.includes("--keep")) rmSync(dataDir, { recursive: true, force: true });
  }
  say(failed ? "the main job FAILED" : "the main job works from npm start");
  process.exit(failed ? 1 : 0);
}

void main();
