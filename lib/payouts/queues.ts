import "server-only";
import { defineQueue } from "@/lib/jobs/queue";

/** A job per approved pay-out: sign and send it once (lib/payouts/dispatch-payout.ts). */
export const PAYOUT_DISPATCH = defineQueue("payout-dispatch", { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 });

/** A job per pay-out whose outcome is not known yet: ask the gateway by orderNo (lib/payouts/inquire-payout.ts). */
export const PAYOUT_INQUIRY = defineQueue("payout-inquiry", { retryLimit: 10, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 });

export interface PayoutJob {
  payoutId: number;
}
