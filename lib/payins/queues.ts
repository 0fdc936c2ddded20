import "server-only";
import { defineQueue } from "@/lib/jobs/queue";

/** A job per new pay-in: sign and send it once (lib/payins/dispatch-payin.ts). */
export const PAYIN_DISPATCH = defineQueue("payin-dispatch", { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 });

/** A job per pay-in whose outcome is not known yet: inquiry-status tradeType 1, when due (lib/reconcile/inquire-payin.ts); the sweep asks it next. */
export const PAYIN_INQUIRY = defineQueue("payin-inquiry", { retryLimit: 10, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 });

export interface PayinJob {
  payinId: number;
}
