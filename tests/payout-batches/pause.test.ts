import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, payouts } from "@/db/schema";
import { withDb } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { getQueue } from "@/lib/jobs/queue";
import { createBatch } from "@/lib/payout-batches/create-batch";
import { approveBatch, cancelBatch } from "@/lib/payout-batches/decide-batch";
import { getBatch } from "@/lib/payout-batches/get-batch";
import { pauseBatch, resumeBatch } from "@/lib/payout-batches/pause-batch";
import { dispatchPayouts } from "@/lib/gateway-work/dispatch-payouts";
import { PAYOUT_DISPATCH } from "@/lib/jobs/queues";
import { claimStalledDispatch } from "@/lib/gateway-work/claim-due";
import { ownerDb, testDb } from "../helpers/db";
import { gatewayCredential, key, person, sandboxForFile } from "../payouts/helpers";

let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;
let approver: Awaited<ReturnType<typeof person>>;
let support: Awaited<ReturnType<typeof person>>;

const sb = sandboxForFile();
beforeAll(async () => {
  ({ cred, finance } = sb);
  approver = await person("approver");
  support = await person("support");
});

/** Thai rows under the threshold: approved at once, one dispatch job per row in the run's commit. */
async function run(n: number, who = finance) {
  const tag = randomBytes(4).toString("hex");
  const lines = ["region,method,account,amount,purpose"];
  for (let i = 1; i <= n; i++) lines.push(`TH,KBANK,${5_000_000_000 + i},${100 + i},Pause ${tag}`);
  const bytes = new TextEncoder().encode(lines.join("\r\n"));
  return (await createBatch({ ctx: who.ctx, input: { credentialId: cred.m.id, fileName: "pause.csv", bytes, idempotencyKey: key(), confirmDuplicate: false } })).batch;
}
const rowsOf = (batchId: number) => testDb().select().from(payouts).where(eq(payouts.batchId, batchId)).orderBy(payouts.id);
/** Distinct orderNos of this run the gateway has, and the most requests it stored for one of them. */
async function atGateway(batchId: number): Promise<{ orders: number; most: number }> {
  const [r] = await ownerDb().execute<{ orders: number; most: number }>(sql`
    select count(*)::int as orders, coalesce(max(c), 0)::int as most
      from (select count(*) as c from sandbox_gateway.orders o join payouts p on p.order_no = o.order_no
             where p.batch_id = ${batchId} group by o.order_no) x`);
  return r ?? { orders: 0, most: 0 };
}

/**
 * What a pay-out worker does with the run's queued dispatch jobs, in their order: fetch a batch of 10, hand the
 * pay-outs to dispatchPayouts, complete the jobs. Only this run's jobs (other test files share the queue).
 */
async function work(batchId: number, limit = Infinity): Promise<string[]> {
  const boss = await getQueue();
  const jobs = await testDb().execute<{ id: string; payout_id: number }>(sql`
    select j.id::text, p.id::int as payout_id from pgboss.job j join payouts p on p.id = (j.data->>'payoutId')::bigint
     where j.name = ${PAYOUT_DISPATCH} and p.batch_id = ${batchId} and j.state in ('created', 'retry') order by j.created_on, p.id`);
  const out: string[] = [];
  const take = jobs.slice(0, limit);
  for (let i = 0; i < take.length; i += 10) {
    const chunk = take.slice(i, i + 10);
    const rs = await dispatchPayouts(testDb(), chunk.map((j) => j.payout_id));
    out.push(...rs.map((r) => (r.kind === "skipped" ? r.status : r.kind)));
    await boss.complete(PAYOUT_DISPATCH, chunk.map((j) => j.id), null, { includeQueued: true });
  }
  return out;
}
async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}
/** Whether `p` is still waiting after `ms` (blocked on a lock). */
async function stillWaiting(p: Promise<unknown>, ms = 400): Promise<boolean> {
  const pending = Symbol("pending");
  return (await Promise.race([p.then(() => null, () => null), new Promise((r) => setTimeout(() => r(pending), ms))])) === pending;
}

describe("pausing and resuming a run", () => {
  it("while paused no new orderNo reaches the gateway (sent rows go on); resume queues one job per unsent row and sends each once", async () => {
    const batch = await run(30);
    expect(batch).toMatchObject({ status: "DISPATCHING", canPause: true, canResume: false });
    await work(batch.id, 10);
    expect((await atGateway(batch.id)).orders).toBe(10);

    const paused = await pauseBatch({ ctx: finance.ctx, id: batch.id, input: { reason: "wrong bank file" } });
    expect(paused).toMatchObject({ status: "PAUSED", heldRows: 20, canPause: false, canResume: true, canCancel: true, progress: { waiting: 20 } });
    // Every queued job is fetched while paused: none sends; the jobs are used up.
    expect(new Set(await work(batch.id))).toEqual(new Set(["run paused"]));
    expect(await atGateway(batch.id)).toEqual({ orders: 10, most: 1 });
    expect((await rowsOf(batch.id)).filter((r) => r.status === "APPROVED")).toHaveLength(20);
    // Its rows have no job now, yet the reconciliation sweep does not take them for stalled dispatches.
    await testDb().update(payouts).set({ updatedAt: sql`now() - interval '1 hour'` }).where(eq(payouts.batchId, batch.id));
    const stalled = await claimStalledDispatch(testDb(), 10_000);
    const held = new Set((await rowsOf(batch.id)).map((r) => r.id));
    expect(stalled.filter((id) => held.has(id))).toEqual([]);

    const audit = await testDb().select().from(auditLog).where(and(eq(auditLog.action, "payout_batch.paused"), eq(auditLog.targetId, String(batch.id))));
    expect(audit).toEqual([expect.objectContaining({ actorUserId: finance.user.id })]);

    const resumed = await resumeBatch({ ctx: approver.ctx, id: batch.id, input: { reason: "file checked" } });
    expect(resumed).toMatchObject({ status: "DISPATCHING", queuedRows: 20 });
    // One new job per unsent row, queued in file order (one INSERT, as approving a run does).
    const queued = await testDb().execute<{ payout_id: number }>(sql`
      select (j.data->>'payoutId')::int as payout_id from pgboss.job j join payouts p on p.id = (j.data->>'payoutId')::bigint
       where j.name = ${PAYOUT_DISPATCH} and p.batch_id = ${batch.id} and j.state = 'created' order by j.created_on`);
    expect(queued.map((j) => j.payout_id).sort((a, b) => a - b)).toEqual((await rowsOf(batch.id)).filter((r) => r.status === "APPROVED").map((r) => r.id));
    expect(new Set(await work(batch.id))).toEqual(new Set(["sent"]));
    expect(await atGateway(batch.id)).toEqual({ orders: 30, most: 1 });
    expect((await getBatch({ ctx: finance.ctx, id: batch.id })).progress).toMatchObject({ waiting: 0, sent: 0 });
  });

  it("resumed before its jobs were fetched: no row gets a second job, each is sent once", async () => {
    const batch = await run(12);
    await pauseBatch({ ctx: finance.ctx, id: batch.id, input: { reason: "check totals" } });
    const resumed = await resumeBatch({ ctx: finance.ctx, id: batch.id, input: { reason: "totals fine" } });
    expect(resumed.queuedRows).toBe(0);
    expect(await work(batch.id)).toHaveLength(12);
    expect(await atGateway(batch.id)).toEqual({ orders: 12, most: 1 });
  });

  it("a cancelled or finished run cannot be paused or resumed (409); support may not, another finance user may not", async () => {
    const a = await run(3);
    expect((await refusal(pauseBatch({ ctx: support.ctx, id: a.id, input: { reason: "stop it" } }))).code).toBe("forbidden");
    const other = await person("finance");
    expect((await refusal(pauseBatch({ ctx: other.ctx, id: a.id, input: { reason: "stop it" } }))).code).toBe("forbidden");
    expect((await refusal(resumeBatch({ ctx: finance.ctx, id: a.id, input: { reason: "go on" } }))).code).toBe("conflict");
    await pauseBatch({ ctx: finance.ctx, id: a.id, input: { reason: "stop it" } });
    expect((await refusal(pauseBatch({ ctx: finance.ctx, id: a.id, input: { reason: "again" } }))).message).toMatch(/already paused/);
    const cancelled = await cancelBatch({ ctx: finance.ctx, id: a.id, input: { reason: "wrong month" } });
    expect(cancelled).toMatchObject({ status: "CANCELLED", cancelledRows: 3 });
    expect((await refusal(resumeBatch({ ctx: finance.ctx, id: a.id, input: { reason: "go on" } }))).code).toBe("conflict");
    expect((await refusal(pauseBatch({ ctx: finance.ctx, id: a.id, input: { reason: "stop" } }))).code).toBe("conflict");
    expect(await atGateway(a.id)).toEqual({ orders: 0, most: 0 });

    const b = await run(4);
    await work(b.id);
    expect((await getBatch({ ctx: finance.ctx, id: b.id })).canPause).toBe(false);
    const finished = await refusal(pauseBatch({ ctx: approver.ctx, id: b.id, input: { reason: "stop" } }));
    expect([finished.code, finished.message]).toEqual(["conflict", expect.stringMatching(/already sent/)]);

    const waiting = await run(1);
    const big = await createBatch({
      ctx: finance.ctx,
      input: { credentialId: cred.m.id, fileName: "big.csv", bytes: new TextEncoder().encode(`region,method,account,amount,purpose\nTH,KBANK,5100000001,60000,Big ${waiting.id}`), idempotencyKey: key(), confirmDuplicate: false },
    });
    expect((await refusal(pauseBatch({ ctx: finance.ctx, id: big.batch.id, input: { reason: "stop" } }))).code).toBe("conflict");
    await approveBatch({ ctx: approver.ctx, id: big.batch.id, input: { code: approver.code(), contentHash: big.batch.contentHash ?? "" } });
    expect((await pauseBatch({ ctx: approver.ctx, id: big.batch.id, input: { reason: "stop" } })).status).toBe("PAUSED");
  });

  it("a pause that commits first: the dispatcher waits on the run's row, then sends nothing", async () => {
    const batch = await run(6);
    const ids = (await rowsOf(batch.id)).map((r) => r.id);
    let dispatch: Promise<unknown> = Promise.resolve();
    await testDb().transaction(async (tx) => {
      await pauseBatch({ ctx: withDb(finance.ctx, tx), id: batch.id, input: { reason: "hold" } });
      dispatch = dispatchPayouts(testDb(), ids);
      expect(await stillWaiting(dispatch)).toBe(true);
    });
    expect(await dispatch).toEqual(ids.map(() => ({ kind: "skipped", status: "run paused" })));
    expect(await atGateway(batch.id)).toEqual({ orders: 0, most: 0 });
  });

  it("a dispatcher that claims rows first: the pause waits for its commit, then holds exactly the rest", async () => {
    const batch = await run(6);
    const ids = (await rowsOf(batch.id)).map((r) => r.id);
    let pause: Promise<Awaited<ReturnType<typeof pauseBatch>>> | undefined;
    await testDb().transaction(async (tx) => {
      await dispatchPayouts(tx, ids.slice(0, 2));
      pause = pauseBatch({ ctx: finance.ctx, id: batch.id, input: { reason: "hold" } });
      expect(await stillWaiting(pause)).toBe(true);
    });
    expect(await pause).toMatchObject({ status: "PAUSED", heldRows: 4 });
    expect(new Set((await dispatchPayouts(testDb(), ids)).slice(2).map((r) => (r.kind === "skipped" ? r.status : r.kind)))).toEqual(new Set(["run paused"]));
    expect(await atGateway(batch.id)).toEqual({ orders: 2, most: 1 });
  });
});
