import "server-only";
import type { Tx } from "@/db";
import { withDb, type Ctx } from "@/lib/context";
import { createOnce, createOrders } from "@/lib/orders/create-order";
import { enqueue } from "@/lib/jobs/queue";
import { getRegion } from "@/lib/smilepayz/regions";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { approvalNeed, beneficiaryOf, lockBeneficiary, payoutCredential } from "./approval-need";
import { sealApproval } from "./approval-seal";
import { canonicalHash, contentHash } from "./content-hash";
import { kindOf } from "@/lib/orders/kinds";
import { loadOrderRow } from "@/lib/orders/list-orders";
import { toPayoutView } from "@/lib/orders/order-rows";
import type { PayoutView } from "@/lib/orders/order-view";
import { PAYOUT_DISPATCH } from "@/lib/jobs/queues";
import type { CreatePayout } from "./schemas";

export interface CreatePayoutResult {
  payout: PayoutView;
  /** True when the Idempotency-Key had already created this pay-out (answer 200, not 201). */
  replayed: boolean;
}

/**
 * A new pay-out, stored with its orderNo before anything is sent. Under the credential's threshold (counting the
 * beneficiary's last 24 hours: approval-need.ts) it is APPROVED and its dispatch job is enqueued in the same
 * transaction; at or above it (or with no threshold for the currency) it waits for a second person. The
 * Idempotency-Key (unique per creator in the database) makes a retried POST, a double click or a second tab
 * return the same pay-out.
 */
export async function createPayout({ ctx, input, idempotencyKey }: { ctx: Ctx; input: CreatePayout; idempotencyKey: string }): Promise<CreatePayoutResult> {
  const requestHash = canonicalHash(input);
  return createPayoutOnce(ctx, idempotencyKey, requestHash, () => storePayout(ctx, input, idempotencyKey, requestHash));
}

/**
 * A pay-out to a saved payee: `resolve` (after the Idempotency-Key found no earlier pay-out) gives the pay-out's
 * input and the link; `link.guard` runs first in the creating transaction (the payee still as resolved, locked).
 */
export async function createLinkedPayout({ ctx, idempotencyKey, requestHash, resolve }: {
  ctx: Ctx;
  idempotencyKey: string;
  requestHash: string;
  resolve: () => Promise<{ input: CreatePayout; link: PayoutLink }>;
}): Promise<CreatePayoutResult> {
  return createPayoutOnce(ctx, idempotencyKey, requestHash, async () => {
    const { input, link } = await resolve();
    return storePayout(ctx, input, idempotencyKey, requestHash, link);
  });
}

export interface PayoutLink {
  beneficiaryId: number;
  guard: (tx: Tx) => Promise<void>;
}

function createPayoutOnce(ctx: Ctx, idempotencyKey: string, requestHash: string, store: () => Promise<number | null>) {
  const read = async (id: number, replayed: boolean) => {
    const row = await loadOrderRow(ctx, kindOf("payout"), null, id);
    return row && { payout: toPayoutView(ctx, row), replayed };
  };
  return createOnce(ctx, "payout", { key: idempotencyKey, requestHash, read, store });
}

/** The pay-out (with its first event, notification and audit row) and, when approved at once, its dispatch job. */
async function storePayout(ctx: Ctx, input: CreatePayout, idempotencyKey: string, requestHash: string, link?: PayoutLink): Promise<number | null> {
  const m = await payoutCredential(ctx, input.credentialId);
  const region = getRegion(input.region);
  const orderNo = input.orderNo ?? generateOrderNo(region.orderNoPrefix);
  const { amountMinor, method, account, receiverName, taxNumber, network, purpose } = input;
  const content = { credentialId: m.id, merchantId: m.merchantId, region: region.code, currency: region.currency, amountMinor, method, account, receiverName, taxNumber, network };
  return ctx.db.transaction(async (tx) => {
    const t = withDb(ctx, tx);
    await link?.guard(tx);
    // Decided inside the transaction, one beneficiary at a time, so concurrent splits see each other's rows.
    const beneficiary = beneficiaryOf(m.id, input);
    await lockBeneficiary(t.db, beneficiary);
    const need = await approvalNeed(t.db, { ...beneficiary, amountMinor });
    const approvalRequired = need.required;
    const status = approvalRequired ? "PENDING_APPROVAL" : "APPROVED";
    const values = {
      merchantId: m.id, region: region.code, orderNo, amountMinor, currency: region.currency, paymentMethod: method, cashAccount: account, purpose,
      beneficiaryKey: beneficiary.beneficiaryKey, beneficiaryId: link?.beneficiaryId ?? null, receiverName: receiverName ?? null, taxNumber: taxNumber ?? null, network: network ?? null,
      createdBy: ctx.user.id, idempotencyKey, requestHash, contentHash: contentHash(content), approvalRequired,
      // Under the threshold the creation is the approval: sealed like a person's (lib/payouts/approval-seal.ts).
      approvalSeal: approvalRequired ? null : sealApproval({ content, purpose, orderNo, runId: null }),
    };
    const note = approvalRequired ? `created; waits for a second person's approval: ${need.reason}` : `created: ${need.reason}`;
    const audit = { orderNo, region: region.code, currency: region.currency, amountMinor: amountMinor.toString(), status, approvalRequired, recentTotalMinor: need.recentTotalMinor.toString(), beneficiaryId: link?.beneficiaryId ?? null };
    const [id] = await createOrders(t, "payout", [{ values, status, note, audit }]);
    if (id === undefined) return null;
    if (!approvalRequired) await enqueue(t.db, PAYOUT_DISPATCH, { payoutId: id });
    return id;
  });
}
