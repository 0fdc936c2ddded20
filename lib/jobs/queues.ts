import "server-only";
import { defineQueue } from "./queue";

/**
 * Every queue of the app's own work, with its retry policy, in one place (the names are the pg-boss queue names on
 * the wire: a rename would strand jobs already queued). Importing this module defines them all, so start-up and
 * installJobs create every queue.
 */

/**
 * A job per approved pay-out: sign and send it once (lib/gateway-work/dispatch-payouts.ts). `notify`: the commit that
 * queues it wakes every instance's dispatch workers (LISTEN/NOTIFY, lib/jobs/queue.ts), so an approved pay-out
 * leaves at once instead of at the next poll; the poll stays as the fallback.
 */
export const PAYOUT_DISPATCH = defineQueue("payout-dispatch", { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120, notify: true });

/** A job per pay-out whose outcome is not known yet: ask the gateway by orderNo (lib/gateway-work/inquire-order.ts). */
export const PAYOUT_INQUIRY = defineQueue("payout-inquiry", { retryLimit: 10, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 });

/** A job per new pay-in: sign and send it once (lib/gateway-work/dispatch-payin.ts); woken like PAYOUT_DISPATCH. */
export const PAYIN_DISPATCH = defineQueue("payin-dispatch", { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120, notify: true });

/** A job per pay-in whose outcome is not known yet: inquiry-status tradeType 1, when due; the sweep asks it next. */
export const PAYIN_INQUIRY = defineQueue("payin-inquiry", { retryLimit: 10, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 });

/** The inquiry queue of each kind. */
export const INQUIRY_QUEUE = { payout: PAYOUT_INQUIRY, payin: PAYIN_INQUIRY } as const;

export interface PayoutJob {
  payoutId: number;
}
export interface PayinJob {
  payinId: number;
}

/**
 * The reconciliation sweep: one job per cycle slot (sendDebounced with a key: however many instances send, one
 * job per slot), plus one at each start so the first cycle after downtime catches up at once. Sweeps that do
 * overlap are harmless: each order is claimed by one of them (lib/gateway-work/claim-due.ts).
 */
export const RECONCILE_SWEEP = defineQueue("reconcile-sweep", { retryLimit: 2, retryDelay: 5, expireInSeconds: 300 });

/**
 * A job per verified callback that would make an order final: confirm it with inquiry-status
 * (lib/callbacks/confirm-callback.ts). Sent in the callback's own statement, so it survives a crash; due at once,
 * taken in batches by the confirmation workers (lib/callbacks/workers.ts), which the route wakes after answering.
 */
export const CALLBACK_CONFIRM_RETRIES = 8;
export const CALLBACK_CONFIRM = defineQueue("callback-confirm", { retryLimit: CALLBACK_CONFIRM_RETRIES, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 });

export interface CallbackConfirmJob {
  callbackId: number;
}

/**
 * A job per order event a merchant may have subscribed to, sent in the status change's own transaction
 * (lib/orders/order-webhooks.ts): it stores the event once and queues one delivery per subscribed endpoint.
 */
export const WEBHOOK_EVENT = defineQueue("webhook-event", { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 60 });

/**
 * A job per (event, endpoint): one signed POST per attempt. Retried with backoff (1 min doubling, at most 6 h
 * apart); the handler stops retrying once the event is 3 days old (lib/webhooks/deliver-webhook.ts).
 */
export const WEBHOOK_DELIVER = defineQueue("webhook-deliver", {
  retryLimit: 30,
  retryDelay: 60,
  retryBackoff: true,
  retryDelayMax: 6 * 3600,
  expireInSeconds: 60,
  retentionSeconds: 5 * 86_400,
});

export interface WebhookEventJob {
  eventId: string;
  type: string;
  orderType: "payout" | "payin";
  orderId: number;
  merchantId: number;
  /** When the order moved (ISO). */
  at: string;
}
export interface WebhookDeliverJob {
  eventId: string;
  endpointId: number;
  /** A person's resend: one attempt, no retries. */
  resentBy?: number;
}

/** The balance of every account at 00:00 UTC, for the daily statements (lib/statements/snapshot-balances.ts). */
export const BALANCE_SNAPSHOT = defineQueue("balance-snapshot", { retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 600 });
