import { afterAll, describe, it } from "vitest";
import { ISSUE_MIX, N, SEED, expectSafeAndFinal, ledger, printLedger, queueMix, waitAllFinal } from "./helpers/fault-mix";
import { Harness, seeded, sleep } from "./helpers/harness";

/**
 * Issue 22, fault suite 2: the whole app (process group: npm, start.ts with the sandbox gateway, the web server and
 * workers, the embedded PostgreSQL) SIGKILLed at random moments while N pay-outs dispatch and settle through the same
 * faulty gateway, KILLS times (at least 5), and started again each time. Each pay-out reaches the gateway at most
 * once; every pay-out the gateway received ends final by itself, agreeing with the gateway.
 */
const KILLS = Math.max(5, Number(process.env.FAULTS_KILLS ?? 5));
const h = new Harness("kill");
afterAll(() => h.stop());

describe("the whole app SIGKILLed again and again during a run", () => {
  it(`sends each pay-out at most once and ends every received one final after ${KILLS} kills`, { timeout: 900_000 }, async () => {
    const t0 = Date.now();
    await h.start();
    await h.prepare();
    const drawn = await queueMix(h, N, ISSUE_MIX, SEED + 1);
    await h.createPayouts(N, "faults-kill");
    const rand = seeded(SEED + 2);
    const kills: string[] = [];
    for (let k = 0; k < KILLS; k++) {
      // A random moment of the next few seconds of this life: dispatching, answering, settling or reconciling.
      const wait = Math.round(500 + rand() * 6_000);
      await sleep(wait);
      const n = await h.killWhole();
      const app = await h.start();
      kills.push(`+${wait} ms: ${n} procs, up again in ${app.startMs} ms`);
    }
    const tLast = Date.now();
    const done = await waitAllFinal(h, 240_000, { crashes: true });
    const l = await ledger(h, 2 * N);
    printLedger("kill", l, {
      "faults drawn": drawn,
      kills: kills.join("; "),
      "settled after the last restart in": `${Math.round((Date.now() - tLast) / 1000)} s`,
      "whole run": `${Math.round((Date.now() - t0) / 1000)} s`,
      "open at the limit": done.open,
    });
    expectSafeAndFinal(l, N, { crashes: true });
  });
});
