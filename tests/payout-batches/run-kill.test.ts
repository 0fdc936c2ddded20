import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stopQueue } from "@/lib/jobs/queue";
import { createBatch } from "@/lib/payout-batches/create-batch";
import type { SandboxGateway } from "@/lib/sandbox-gateway";
import { testDb } from "../helpers/db";
import { startTestGateway } from "../helpers/gateway";
import { ensureQueues, gatewayCredential, key, person } from "../payouts/helpers";

const root = path.resolve(__dirname, "../..");
let gw: SandboxGateway;
let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let child: ChildProcess | undefined;

beforeAll(async () => {
  await ensureQueues();
  gw = await startTestGateway();
  // A high threshold: the run is approved at once and its 2,000 jobs are queued in the same commit.
  cred = await gatewayCredential(gw, 1_000_000_000_00n);
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await gw.close();
  await stopQueue();
});

/** The pay-out workers in a process of their own (the child inherits SANDBOX_GATEWAY_URL from this one). */
function startWorkers(): ChildProcess {
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/payout-batches/workers-child.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function byStatus(batchId: number): Promise<Record<string, number>> {
  const rows = await testDb().execute<{ status: string; n: number }>(sql`select status, count(*)::int as n from payouts where batch_id = ${batchId} group by status`);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the workers killed with SIGKILL in the middle of a 2,000-row run, then started again", () => {
  it("each orderNo reaches the gateway at most once; every row is answered, or UNKNOWN and asked about, never resent", { timeout: 400_000 }, async () => {
    const finance = await person("finance");
    const lines = ["region,method,account,amount,purpose"];
    const tag = randomBytes(3).toString("hex");
    for (let i = 1; i <= 2000; i++) lines.push(`TH,KBANK,${4_000_000_000 + i},${100 + (i % 50)},Kill ${tag}`);
    const { batch } = await createBatch({ ctx: finance.ctx, input: { credentialId: cred.m.id, fileName: "kill.csv", bytes: new TextEncoder().encode(lines.join("\n")), idempotencyKey: key(), confirmDuplicate: false } });
    expect(batch.progress.waiting).toBe(2000);

    child = startWorkers();
    // Kill once a good part is sent and most is not: the run is really in the middle.
    for (;;) {
      const s = await byStatus(batch.id);
      if ((s.APPROVED ?? 0) <= 1400) break;
      await sleep(100);
    }
    child.kill("SIGKILL");
    await new Promise((r) => child?.once("exit", r));
    const atKill = await byStatus(batch.id);
    expect(atKill.APPROVED ?? 0).toBeGreaterThan(0);

    child = startWorkers();
    const t0 = Date.now();
    let s = await byStatus(batch.id);
    // Jobs the killed process held come back when pg-boss expires them (the queue's expireInSeconds).
    while ((s.APPROVED ?? 0) + (s.SENDING ?? 0) > 0 && Date.now() - t0 < 330_000) {
      await sleep(1000);
      s = await byStatus(batch.id);
    }
    child.kill("SIGKILL");
    console.log(`[run-kill] at the kill ${JSON.stringify(atKill)}; after restart ${JSON.stringify(s)} in ${Math.round((Date.now() - t0) / 1000)} s`);
    // Every row was sent and answered, except those the kill caught between SENDING and the answer: UNKNOWN, asked
    // about by inquiry-status, never sent again (at most the batches in flight at the kill).
    expect(Object.keys(s).sort()).toEqual((s.UNKNOWN ? ["PROCESSING", "UNKNOWN"] : ["PROCESSING"]));
    expect(s.UNKNOWN ?? 0).toBeLessThanOrEqual(atKill.SENDING ?? 0);
    const sent = await testDb().execute<{ n: number; max: number }>(sql`
      select count(*)::int as n, coalesce(max(c), 0)::int as max
        from (select count(*) as c from sandbox_gateway.orders o join payouts p on p.order_no = o.order_no
               where p.batch_id = ${batch.id} group by o.order_no) x`);
    expect(sent[0]?.max).toBe(1);
    expect(sent[0]?.n).toBeGreaterThanOrEqual(s.PROCESSING ?? 0);
    expect(sent[0]?.n).toBeLessThanOrEqual(2000);
  });
});
