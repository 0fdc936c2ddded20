import "server-only";
import { withDb, type Ctx } from "@/lib/context";
import { enqueue } from "@/lib/jobs/queue";
import { createOnce, createOrders } from "@/lib/orders/create-order";
import { payoutCredential } from "@/lib/payouts/approval-need";
import { canonicalHash } from "@/lib/payouts/content-hash";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { getRegion } from "@/lib/smilepayz/regions";
import { newPayerToken, payerLinkFor } from "./payer-token";
import { kindOf } from "@/lib/orders/kinds";
import { loadOrderRow } from "@/lib/orders/list-orders";
import { toPayinView } from "@/lib/orders/order-rows";
import type { PayinView } from "@/lib/orders/order-view";
import { PAYIN_DISPATCH } from "@/lib/jobs/queues";
import type { CreatePayin } from "./schemas";

export interface CreatePayinResult {
  /** payerLink: the payer's page, shown once (only its token's hash is stored); null on a replay. */
  payin: PayinView & { payerLink: string | null };
  replayed: boolean;
}

/**
 * A new pay-in, stored as CREATING with its orderNo (the intent) and its dispatch job in the same transaction,
 * before anything is sent. The Idempotency-Key (unique per creator) makes a retried POST return the same pay-in.
 */
export async function createPayin({ ctx, input, idempotencyKey }: { ctx: Ctx; input: CreatePayin; idempotencyKey: string }): Promise<CreatePayinResult> {
  const requestHash = canonicalHash(input);
  const link = newPayerToken();
  // The payer's link is shown once, to the request that created the pay-in; a replay gets none.
  const read = async (id: number, replayed: boolean) => {
    const row = await loadOrderRow(ctx, kindOf("payin"), null, id);
    return row && { payin: { ...toPayinView(ctx, row), payerLink: replayed ? null : payerLinkFor(link.token) }, replayed };
  };
  return createOnce(ctx, "payin", { key: idempotencyKey, requestHash, read, store: () => storePayin(ctx, input, { idempotencyKey, requestHash, payerTokenHash: link.hash }) });
}

/** The pay-in (with its first event, notification and audit row) and its dispatch job. */
async function storePayin(ctx: Ctx, input: CreatePayin, keys: { idempotencyKey: string; requestHash: string; payerTokenHash: string }): Promise<number | null> {
  const m = await payoutCredential(ctx, input.credentialId);
  const region = getRegion(input.region);
  const orderNo = input.orderNo ?? generateOrderNo(region.orderNoPrefix);
  const { amountMinor, method, expirySeconds } = input;
  const values = {
    ...keys,
    merchantId: m.id, region: region.code, orderNo, amountMinor, currency: region.currency, paymentMethod: method, purpose: input.purpose,
    payerName: input.payerName, payerAccountNo: input.payerAccount, payerBankName: input.payerBank, payerDescription: input.payerDescription ?? null,
    expirySeconds, redirectUrl: input.redirectUrl ?? null, createdBy: ctx.user.id,
  };
  const audit = { orderNo, region: region.code, currency: region.currency, amountMinor: amountMinor.toString(), method, expirySeconds };
  return ctx.db.transaction(async (tx) => {
    const [id] = await createOrders(withDb(ctx, tx), "payin", [{ values, status: "CREATING", note: "created; queued for sending", audit }]);
    if (id === undefined) return null;
    await enqueue(tx, PAYIN_DISPATCH, { payinId: id });
    return id;
  });
}
