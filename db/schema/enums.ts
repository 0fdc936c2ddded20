import { pgEnum } from "drizzle-orm/pg-core";
import { PAYOUT_STATUSES, type PayinStatusName } from "../../lib/order-status/transitions";
import { RUN_STATUSES } from "../../lib/payout-batches/run-transitions";
import { REGIONS } from "../../lib/smilepayz/regions";
import type { RegionCode } from "../../lib/smilepayz/regions/types";

export const roleEnum = pgEnum("role", ["admin", "approver", "finance", "support"]);
export const environmentEnum = pgEnum("environment", ["sandbox", "production", "custom"]);
/** Built from the region files (lib/smilepayz/regions): a new region is its file, then a generated migration. */
export const regionEnum = pgEnum("region", REGIONS.map((r) => r.code) as [RegionCode, ...RegionCode[]]);
export const accountKindEnum = pgEnum("account_kind", ["payin", "payout"]);

/**
 * Pay-out lifecycle. The intent is stored (with its orderNo) before the gateway is called:
 *   PENDING_APPROVAL -> APPROVED -> SENDING -> PROCESSING -> SUCCESS | FAILED | EXPIRED | CANCELLED
 *   PENDING_APPROVAL -> REJECTED (by an approver; never sent)
 *   SENDING -> UNKNOWN (timeout / 5xx / unreadable answer: the payment may exist) -> resolved only by
 *     inquiry-status or a callback, never by sending again with a new orderNo
 *   SENDING -> NOT_ACCEPTED (the gateway answered with a non-00 code: nothing was created)
 * Final: SUCCESS, FAILED, EXPIRED, CANCELLED, REJECTED, NOT_ACCEPTED.
 */
export const payoutStatusEnum = pgEnum("payout_status", PAYOUT_STATUSES);

// Pay-in lifecycle: CREATING (stored, not yet answered) -> INIT/PROCESSING -> SUCCESS | FAILED | EXPIRED. In the
// database enum's order (a new status is appended: reordering is a migration); the types hold it to exactly the
// statuses of the transition table (lib/order-status/transitions.ts), none missing, none extra.
const PAYIN_STATUSES = ["CREATING", "UNKNOWN", "NOT_ACCEPTED", "INIT", "PROCESSING", "SUCCESS", "FAILED", "EXPIRED", "CANCELLED"] as const satisfies readonly PayinStatusName[];
const _everyPayinStatus: Exclude<PayinStatusName, (typeof PAYIN_STATUSES)[number]> extends never ? true : never = true;
export const payinStatusEnum = pgEnum("payin_status", PAYIN_STATUSES);

/** "api_key": a machine acting with an API key (lib/api-keys); actor_name names the key. */
export const actorKindEnum = pgEnum("actor_kind", ["user", "system", "api_key"]);
export const orderTypeEnum = pgEnum("order_type", ["payout", "payin"]);
export const eventSourceEnum = pgEnum("event_source", ["request", "response", "callback", "inquiry", "person", "system"]);
export const callbackOutcomeEnum = pgEnum("callback_outcome", [
  "applied",
  "duplicate",
  "stale",
  "forged",
  "unknown_order",
  "invalid",
  "ignored",
  "conflict",
  // Verified, would make the order final: stored and answered, the status waits for inquiry-status.
  "confirming",
  // Its X-SIGNATURE was already accepted with another body (the signature does not cover the body).
  "replayed",
]);
/** A run of pay-outs (payout_batches): waits for a second person, or is approved and dispatched row by row. */
export const batchStatusEnum = pgEnum("batch_status", RUN_STATUSES);
