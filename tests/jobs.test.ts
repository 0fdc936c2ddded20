import { eq } from "drizzle-orm";
import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { sessions } from "@/db/schema";
import { recordFailure, ACCOUNT_POLICY, readLimit } from "@/lib/auth/rate-limit";
import { createSession } from "@/lib/auth/sessions";
import { PURGE_AUTH_RECORDS, purgeAuthRecords } from "@/lib/jobs/handlers/purge-auth-records";
import { createQueue } from "@/lib/jobs/queue";
import { testDb } from "./helpers/db";
import { createUser } from "./helpers/factories";

describe("background jobs", () => {
  it("purge removes long-ended sessions and stale counters, and keeps live ones", async () => {
    const db = testDb();
    const u = await createUser(db);
    const live = await createSession(db, { userId: u.id, ip: null, userAgent: null });
    await createSession(db, { userId: u.id, ip: null, userAgent: null });
    const [, old] = await db.select().from(sessions).where(eq(sessions.userId, u.id)).orderBy(sessions.id);
    await db.update(sessions).set({ revokedAt: new Date(Date.now() - 2 * 86_400_000) }).where(eq(sessions.id, old?.id ?? 0));
    const key = `acct:purge-${Date.now()}`;
    await recordFailure(db, key, ACCOUNT_POLICY);
    const later = new Date(Date.now() + 2 * 86_400_000);
    const r = await purgeAuthRecords(db, new Date());
    expect(r.sessions).toBeGreaterThanOrEqual(1);
    const left = await db.select().from(sessions).where(eq(sessions.userId, u.id));
    expect(left).toHaveLength(1);
    expect(left[0]?.id).not.toBe(old?.id);
    expect(live).toBeTruthy();
    expect((await readLimit(db, key)).failures).toBe(1); // still inside its window
    await purgeAuthRecords(db, later);
    expect((await readLimit(db, key)).failures).toBe(0);
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
});
