import "server-only";
import { sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { fromDrizzle } from "pg-boss";
import type { GatewayContext } from "./context";

/** The caller's transaction, when a job must exist only if the change it follows commits (and always then). */
type InTx = Parameters<Parameters<PostgresJsDatabase["transaction"]>[0]>[0];
const within = (tx?: InTx) => (tx ? { db: fromDrizzle(tx, sql) } : {});

export const Q_SETTLE = "sandbox-settle-order";
export const Q_CALLBACK = "sandbox-deliver-callback";

export interface SettleJob {
  tradeNo: string;
}
export interface CallbackJob {
  tradeNo: string;
  status: string;
  attempt: number;
}

/**
 * How the gateway's workers fetch: orders settle a few at a time per loop, callbacks go out a batch at a time, and
 * while fetches come back full the next is fetched at once (pg-boss otherwise waits its poll after every fetch:
 * 4 × 10 settled and 2 × 10 callbacks per half second, so a 10,000-order payroll's news trickled out over minutes).
 */
export const SETTLE_WORK = { pollingIntervalSeconds: 0.5, batchSize: 10, localConcurrency: 4, burstWhenBatchFull: true } as const;
export const CALLBACK_WORK = { pollingIntervalSeconds: 0.5, batchSize: 10, localConcurrency: 2, burstWhenBatchFull: true, perJobResults: true } as const;

/** Callback retries: 8 attempts, backing off from 2 s (the gateway's real schedule is not published). */
export const CALLBACK_ATTEMPTS = 8;
export const CALLBACK_RETRY_DELAY_S = 2;

export async function scheduleSettle(ctx: GatewayContext, tradeNo: string, afterMs: number, tx?: InTx): Promise<void> {
  await ctx.boss.send(Q_SETTLE, { tradeNo } satisfies SettleJob, { startAfter: Math.ceil(afterMs / 1000), retryLimit: 3, ...within(tx) });
}

export async function scheduleCallback(ctx: GatewayContext, job: Omit<CallbackJob, "attempt">, afterS = 0, tx?: InTx): Promise<void> {
  await ctx.boss.send(Q_CALLBACK, { ...job, attempt: 1 } satisfies CallbackJob, {
    ...within(tx),
    startAfter: afterS,
    retryLimit: CALLBACK_ATTEMPTS - 1,
    retryDelay: CALLBACK_RETRY_DELAY_S,
    retryBackoff: true,
  });
}
