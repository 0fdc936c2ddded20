import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { secondInstance, type Instance } from "../../scripts/second-instance";
import { ISSUE_MIX, N, SEED, expectSafeAndFinal, ledger, printLedger, queueMix, waitAllFinal } from "./helpers/fault-mix";
import { FAULT_ENV, Harness, root } from "./helpers/harness";

/**
 * Issue 22, fault suite 4: two app instances on one database (npm start, and a second server on its database as a
 * deployment's second instance: scripts/second-instance.ts), both running the job workers and taking callbacks,
 * through the same faulty gateway. Each orderNo reaches the gateway at most once, each order is asked about at most
 * once per reconciliation cycle, and every pay-out ends final.
 */
const h = new Harness("two");
let second: Instance | undefined;
afterAll(async () => {
  await second?.kill();
  await h.stop();
});

describe("two app instances on one database through the same faults", () => {
  it("sends each orderNo once and asks each order at most once a cycle", { timeout: 900_000 }, async () => {
    const t0 = Date.now();
    const app = await h.start();
    await h.prepare();
    second = await secondInstance({ root, dataDir: h.dataDir, gatewayUrl: app.gatewayUrl, env: FAULT_ENV });
    // No callback base URL on the credential: each instance names its own address (APP_BASE_URL) in what it sends,
    // so the gateway's orders show which instance dispatched them.
    await h.q(sql`update merchants set callback_base_url = null where id = ${h.credId}`);
    const drawn = await queueMix(h, N, ISSUE_MIX, SEED + 4);
    const tCreate = Date.now();
    await h.createPayouts(N, "faults-two");
    const done = await waitAllFinal(h, 600_000);
    const l = await ledger(h, 2 * N);
    // Which instance did the work: callbacks arrive at the instance whose APP_BASE_URL the dispatcher put in the order.
    const byUrl = await h.q<{ url: string; n: string }>(sql`
      select regexp_replace(callback_url, '/api/.*$', '') as url, count(*)::text as n from sandbox_gateway.orders where trade_type = 2 group by 1 order by 1`);
    const perInstance = Object.fromEntries(byUrl.map((r) => [r.url === app.baseUrl ? "first" : r.url === second?.baseUrl ? "second" : r.url, Number(r.n)]));
    printLedger("two-instances", l, {
      "faults drawn": drawn,
      "orders dispatched by": perInstance,
      "all final after": `${Math.round((Date.now() - tCreate) / 1000)} s`,
      "whole run": `${Math.round((Date.now() - t0) / 1000)} s`,
      "open at the limit": done.open,
    });
    expectSafeAndFinal(l, N);
    // Both instances took part (else this would prove nothing about two).
    expect(Object.keys(perInstance).length).toBe(2);
  });
});
