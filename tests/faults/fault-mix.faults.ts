import { afterAll, describe, it } from "vitest";
import { ISSUE_MIX, N, expectSafeAndFinal, ledger, printLedger, queueMix, waitAllFinal } from "./helpers/fault-mix";
import { Harness } from "./helpers/harness";

/**
 * Issue 22, fault suite 1: N pay-outs (FAULTS_PAYOUTS; the issue's 1,000) while the sandbox gateway, over HTTP,
 * executes each order and then times out on 10 % of the requests, resets the connection on 5 %, answers HTTP 500 on
 * 5 %, and never sends the callback of 10 % of the orders. With no one's help: each orderNo reaches the gateway at
 * most once, and every pay-out ends final, agreeing with the gateway (callbacks, inquiries, reconciliation).
 */
const h = new Harness("mix");
afterAll(() => h.stop());

describe("pay-outs through a gateway that times out, resets, fails and drops callbacks", () => {
  it("sends each orderNo at most once and ends every pay-out final", { timeout: 900_000 }, async () => {
    const t0 = Date.now();
    await h.start();
    await h.prepare();
    const drawn = await queueMix(h, N, ISSUE_MIX);
    const tCreate = Date.now();
    await h.createPayouts(N, "faults-mix");
    const createMs = Date.now() - tCreate;
    const done = await waitAllFinal(h, 600_000);
    const l = await ledger(h, 2 * N);
    printLedger("mix", l, {
      "faults drawn": drawn,
      "created in": `${createMs} ms`,
      "all final after": `${Math.round((Date.now() - tCreate) / 1000)} s`,
      "whole run": `${Math.round((Date.now() - t0) / 1000)} s`,
      "open at the limit": done.open,
    });
    expectSafeAndFinal(l, N);
  });
});
