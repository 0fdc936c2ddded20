import { spawn } from "node:child_process";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { payouts } from "@/db/schema";
import { createPayout } from "@/lib/payouts/create-payout";
import { dispatchPayout } from "@/lib/gateway-work/dispatch-payouts";
import { inquireOrder } from "@/lib/gateway-work/inquire-order";
import { PAYOUT_INQUIRY } from "@/lib/jobs/queues";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import type { SandboxGateway } from "@/sandbox-gateway";
import { ownerDb, testDb } from "../helpers/db";
import { scenario } from "../helpers/gateway";
import { gatewayCredential, gatewayOrders, jobsFor, key, person, sandboxForFile, thai } from "../payouts/helpers";

const root = path.resolve(__dirname, "../..");
let gw: SandboxGateway;
let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;

const sb = sandboxForFile();
beforeAll(() => {
  ({ gw, cred, finance } = sb);
});

/** Run the dispatcher in a child process that kills itself at `point`; resolves with its exit signal. */
function runChild(payoutId: number, point: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/gateway-work/dispatch-child.ts", String(payoutId), point], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (_code, signal) => resolve(signal));
  });
}

let seq = 0;
async function approved() {
  const orderNo = `TK${Date.now()}${seq++}`;
  // The scenario is consumed once per request that reaches the gateway: `remaining` counts them.
  await scenario(gw, { orderNo, count: 10, fate: { afterMs: 3_600_000, callback: "none" } });
  const { payout } = await createPayout({ ctx: finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: cred.m.id, orderNo })), idempotencyKey: key() });
  return payout;
}
async function requestsFor(orderNo: string): Promise<number> {
  const rows = await ownerDb().execute<{ remaining: number }>(sql`select remaining from sandbox_gateway.scenarios where order_no = ${orderNo}`);
  return 10 - (rows[0]?.remaining ?? 10);
}
const statusOf = async (id: number) => (await testDb().select({ s: payouts.status }).from(payouts).where(eq(payouts.id, id)))[0]?.s;

describe("a dispatcher killed mid-way, then the job retried", () => {
  it("killed before the call: nothing reached the gateway; the retry does not send, it marks UNKNOWN and schedules an inquiry", async () => {
    const p = await approved();
    expect(await runChild(p.id, "beforeCall")).toBe("SIGKILL");
    expect(await statusOf(p.id)).toBe("SENDING");
    expect(await dispatchPayout(testDb(), p.id)).toEqual({ kind: "orphaned" });
    expect(await statusOf(p.id)).toBe("UNKNOWN");
    expect(await jobsFor(PAYOUT_INQUIRY, p.id)).toBe(1);
    expect(await requestsFor(p.orderNo)).toBe(0);
    expect(await gatewayOrders(p.orderNo)).toBe(0);
    // The inquiry finds nothing and keeps asking; it never sends.
    expect(await inquireOrder(testDb(), "payout", p.id)).toMatchObject({ kind: "pending", status: "UNKNOWN" });
    expect(await requestsFor(p.orderNo)).toBe(0);
  });

  it("killed after the call: the gateway has it once; the retry does not resend; inquiry resolves it to PROCESSING", async () => {
    const p = await approved();
    expect(await runChild(p.id, "afterCall")).toBe("SIGKILL");
    expect(await statusOf(p.id)).toBe("SENDING");
    expect(await requestsFor(p.orderNo)).toBe(1);
    expect(await dispatchPayout(testDb(), p.id)).toEqual({ kind: "orphaned" });
    expect(await statusOf(p.id)).toBe("UNKNOWN");
    expect(await jobsFor(PAYOUT_INQUIRY, p.id)).toBe(1);
    expect(await inquireOrder(testDb(), "payout", p.id)).toMatchObject({ kind: "resolved", status: "PROCESSING" });
    expect(await requestsFor(p.orderNo)).toBe(1);
    expect(await gatewayOrders(p.orderNo)).toBe(1);
  });

  it("killed after the commit: the answer is recorded; the retry does nothing", async () => {
    const p = await approved();
    expect(await runChild(p.id, "afterCommit")).toBe("SIGKILL");
    expect(await statusOf(p.id)).toBe("PROCESSING");
    expect(await dispatchPayout(testDb(), p.id)).toEqual({ kind: "skipped", status: "PROCESSING" });
    expect(await requestsFor(p.orderNo)).toBe(1);
    expect(await gatewayOrders(p.orderNo)).toBe(1);
  });
});
