// A dispatcher worker in its own process that SIGKILLs itself at one point of the dispatch (the test seam), as a
// crashed or OOM-killed worker would: no cleanup, no finally blocks, open sockets dropped.
// Usage: node --conditions=react-server --import tsx tests/gateway-work/dispatch-child.ts <payoutId> <beforeCall|afterCall|afterCommit>
import { closeDb, getDb } from "@/db";
import { dispatchPayout, type DispatchHooks } from "@/lib/gateway-work/dispatch-payouts";

const [id, point] = process.argv.slice(2);
const die = (): Promise<void> => {
  process.kill(process.pid, "SIGKILL");
  return new Promise(() => undefined);
};
const hooks: DispatchHooks = { [point ?? "beforeCall"]: die };
await dispatchPayout(getDb(), Number(id), hooks);
await closeDb();
console.log("child finished without being killed");
process.exit(0);
