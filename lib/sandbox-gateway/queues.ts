import "server-only";
import type { GatewayContext } from "./context";

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

/** Callback retries: 8 attempts, backing off from 2 s (the gateway's real schedule is not published). */
export const CALLBACK_ATTEMPTS = 8;
export const CALLBACK_RETRY_DELAY_S = 2;

export async function scheduleSettle(ctx: GatewayContext, tradeNo: string, afterMs: number): Promise<void> {
  await ctx.boss.send(Q_SETTLE, { tradeNo } satisfies SettleJob, { startAfter: Math.ceil(afterMs / 1000), retryLimit: 3 });
}

export async function scheduleCallback(ctx: GatewayContext, job: Omit<CallbackJob, "attempt">, afterS = 0): Promise<void> {
  await ctx.boss.send(Q_CALLBACK, { ...job, attempt: 1 } satisfies CallbackJob, {
    startAfter: afterS,
    retryLimit: CALLBACK_ATTEMPTS - 1,
    retryDelay: CALLBACK_RETRY_DELAY_S,
    retryBackoff: true,
  });
}
