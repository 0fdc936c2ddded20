import type { PgBoss } from "pg-boss";
import { describe, expect, it } from "vitest";
import { registerCallbackWorkers } from "@/lib/callbacks/workers";
import { CALLBACK_CONFIRM } from "@/lib/jobs/queues";

/**
 * How the confirmation workers ask pg-boss for jobs. The speed this buys is a benchmark's figure (bench:callbacks,
 * "app, confirmation paused": the backlog of 3,000 confirmations drained at about 220/s with a batch per poll, about
 * 1,400/s fetching again at once); what is tested here is the setting that decides it, on the options the queue gets.
 */
describe("the callback confirmation workers", () => {
  it("fetch the next batch at once while batches come back full, instead of one batch per poll each", async () => {
    const calls: { name: string; options: Record<string, unknown> }[] = [];
    const boss = {
      work: async (name: string, options: Record<string, unknown>) => {
        calls.push({ name, options });
        return `worker-${calls.length}`;
      },
      notifyWorker: () => undefined,
    } as unknown as PgBoss;
    await registerCallbackWorkers(boss, () => {
      throw new Error("no job is run here");
    });
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const c of calls) {
      expect(c.name).toBe(CALLBACK_CONFIRM);
      // A full batch (batchSize > 1) with burstWhenBatchFull: pg-boss skips the poll's wait and fetches again.
      expect(c.options.burstWhenBatchFull).toBe(true);
      expect(c.options.batchSize).toBeGreaterThan(1);
      expect(c.options.perJobResults).toBe(true);
    }
  });
});
