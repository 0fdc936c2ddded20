import { randomBytes } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { eq } from "drizzle-orm";
import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { authRateLimits, sessions } from "@/db/schema";
import { ACCOUNT_POLICY, claimAttempt, readLimit } from "@/lib/auth/rate-limit";
import { createSession } from "@/lib/auth/sessions";
import { PURGE_AUTH_RECORDS, purgeAuthRecords } from "@/lib/jobs/handlers/purge-auth-records";
import { createQueue, QUEUES } from "@/lib/jobs/queue";
import { PAYIN_DISPATCH, PAYOUT_DISPATCH } from "@/lib/jobs/queues";
import { registerPayinWorkers, registerPayoutWorkers } from "@/lib/gateway-work/workers";
import { jobResult } from "@/lib/jobs/job-result";
import { testDb } from "./helpers/db";
import { createUser } from "./helpers/factories";

describe("background jobs", () => {
  // The purge runs on the whole table while other test files work in the same database, so it runs at the real
  // time and this test ages only its own rows: rows of other files are fresh and stay.
  it("purge removes long-ended sessions and stale counters, and keeps live ones", async () => {
    const db = testDb();
    const u = await createUser(db);
    const bystander = await createUser(db);
    await createSession(db, { userId: u.id, ip: null, userAgent: null });
    await createSession(db, { userId: u.id, ip: null, userAgent: null });
    await createSession(db, { userId: bystander.id, ip: null, userAgent: null });
    const [live, old] = await db.select().from(sessions).where(eq(sessions.userId, u.id)).orderBy(sessions.id);
    await db.update(sessions).set({ revokedAt: new Date(Date.now() - 2 * 86_400_000) }).where(eq(sessions.id, old?.id ?? 0));
    const tag = randomBytes(6).toString("hex");
    const fresh = `acct:purge-fresh-${tag}`;
    const stale = `acct:purge-stale-${tag}`;
    await claimAttempt(db, fresh, ACCOUNT_POLICY);
    await db.insert(authRateLimits).values({ key: stale, points: 7, windowStart: new Date(Date.now() - 3 * 86_400_000) });

    const r = await purgeAuthRecords(db, new Date());
    expect(r.sessions).toBeGreaterThanOrEqual(1);
    expect(r.limits).toBeGreaterThanOrEqual(1);
    const left = await db.select().from(sessions).where(eq(sessions.userId, u.id));
    expect(left.map((s) => s.id)).toEqual([live?.id]);
    expect(await db.$count(sessions, eq(sessions.userId, bystander.id))).toBe(1);
    expect((await readLimit(db, fresh)).failures).toBe(1); // still inside its window
    expect((await readLimit(db, stale)).failures).toBe(0);
  });

  it("runs on the Postgres queue: a job sent by one instance is done by a worker", async () => {
    const boss = createQueue(inject("databaseUrl"));
    await boss.start();
    try {
      await boss.createQueue(PURGE_AUTH_RECORDS);
      const done = new Promise<string>((resolve) => {
        void boss.work(PURGE_AUTH_RECORDS, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
          await purgeAuthRecords(testDb());
          resolve(job?.id ?? "");
        });
      });
      const id = await boss.send(PURGE_AUTH_RECORDS, {});
      expect(await done).toBe(id);
    } finally {
      await boss.stop({ graceful: false, timeout: 5_000 });
    }
  });

  it("a job committed on a notify queue wakes another instance's idle worker at once, not at its next poll", async () => {
    const worker = createQueue(inject("databaseUrl"));
    const producer = createQueue(inject("databaseUrl"));
    await Promise.all([worker.start(), producer.start()]);
    const name = `notify-test-${randomBytes(4).toString("hex")}`;
    try {
      await producer.createQueue(name, QUEUES[PAYOUT_DISPATCH]);
      let fetched = 0;
      const done = new Promise<string>((resolve) => {
        // Polls once at start, then every 60 s: only the queue's NOTIFY can bring the job within the test's time.
        void worker.work(name, { pollingIntervalSeconds: 60, notifyPollingIntervalSeconds: 60 }, async ([job]) => {
          fetched++;
          resolve(job?.id ?? "");
        });
      });
      await new Promise((r) => setTimeout(r, 1_000)); // the worker's first (empty) fetch is over
      const id = await producer.send(name, { payoutId: 1 });
      expect(await done).toBe(id);
      expect(fetched).toBe(1);
    } finally {
      await Promise.all([worker.stop({ graceful: false, timeout: 5_000 }), producer.stop({ graceful: false, timeout: 5_000 })]);
    }
  }, 30_000);

  it("the pay-out and pay-in dispatch queues are notify queues", () => {
    expect([QUEUES[PAYOUT_DISPATCH]?.notify, QUEUES[PAYIN_DISPATCH]?.notify]).toEqual([true, true]);
  });

  it("a batch's job that throws fails alone, with its message; the others keep what they returned", async () => {
    const heard: string[] = [];
    const results = await Promise.all(
      ["a", "b", "c"].map((id) => jobResult({ id }, async () => (id === "b" ? Promise.reject(new Error("gateway down")) : id === "c" ? undefined : { sent: id }), (m) => heard.push(m))),
    );
    expect(results).toEqual([
      { id: "a", status: "completed", output: { sent: "a" } },
      { id: "b", status: "failed", output: { message: "gateway down" } },
      { id: "c", status: "completed", output: null },
    ]);
    expect(heard).toEqual(["gateway down"]);
  });

  // A backlog (jobs queued while no worker ran: no NOTIFY wakes anyone) is fetched batch after batch, not one batch
  // per poll: pg-boss skips the poll's wait after a full batch only with burstWhenBatchFull (and a batch over one).
  it("the pay-out and pay-in dispatch workers fetch the next batch at once while batches come back full", async () => {
    const options = new Map<string, Record<string, unknown>>();
    const boss = { work: async (name: string, o: Record<string, unknown>) => (options.set(name, o), name) } as unknown as PgBoss;
    await registerPayoutWorkers(boss, () => testDb());
    await registerPayinWorkers(boss, () => testDb());
    for (const q of [PAYOUT_DISPATCH, PAYIN_DISPATCH]) {
      expect(options.get(q)?.burstWhenBatchFull, q).toBe(true);
      expect(Number(options.get(q)?.batchSize), q).toBeGreaterThan(1);
    }
  });
});
