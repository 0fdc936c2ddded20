// The app's pay-out workers in their own process (as `npm start` registers them: lib/jobs/start-jobs.ts), for a
// test that SIGKILLs this process in the middle of a run: no cleanup, no finally blocks, open sockets dropped.
// Usage: node --conditions=react-server --import tsx tests/payout-batches/workers-child.ts
import { getDb } from "@/db";
import { getQueue } from "@/lib/jobs/queue";
import { registerPayoutWorkers } from "@/lib/payouts/workers";

await registerPayoutWorkers(await getQueue(), getDb);
console.log("[workers-child] working");
