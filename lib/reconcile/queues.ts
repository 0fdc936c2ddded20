import "server-only";
import { defineQueue } from "@/lib/jobs/queue";

/**
 * The reconciliation sweep: one job per cycle slot (sendDebounced with a key: however many instances send, one
 * job per slot), plus one at each start so the first cycle after downtime catches up at once. Sweeps that do
 * overlap are harmless: each order is claimed by one of them (claim-due.ts).
 */
export const RECONCILE_SWEEP = defineQueue("reconcile-sweep", { retryLimit: 2, retryDelay: 5, expireInSeconds: 300 });
