import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { orderEvents, payins } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { isUniqueViolation, pgConstraint } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { notifyOrderEvents } from "@/lib/orders/order-notify";
import { payoutCredential } from "@/lib/payouts/approval-need";
import { canonicalHash } from "@/lib/payouts/content-hash";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { getRegion } from "@/lib/smilepayz/regions";
import { newPayerToken, payerLinkFor } from "./payer-token";
import { kindOf } from "@/lib/orders/kinds";
import { loadOrderRow } from "@/lib/orders/list-orders";
import { toPayinView } from "@/lib/orders/order-rows";
import type { PayinView } from "@/lib/orders/order-view";
import { PAYIN_DISPATCH } from "./queues";
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
  const replay = await findByKey(ctx, idempotencyKey, requestHash);
  if (replay) return replay;

  const m = await payoutCredential(ctx, input.credentialId);
  const region = getRegion(input.region);
  const orderNo = input.orderNo ?? generateOrderNo(region.orderNoPrefix);
  const link = newPayerToken();
  let insertedId: number | null;
  try {
    insertedId = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(payins)
        .values({
          merchantId: m.id,
          region: region.code,
          orderNo,
          amountMinor: input.amountMinor,
          currency: region.currency,
          paymentMethod: input.method,
          payerName: input.payerName,
          payerAccountNo: input.payerAccount,
          payerBankName: input.payerBank,
          purpose: input.purpose,
          payerDescription: input.payerDescription ?? null,
          expirySeconds: input.expirySeconds,
          redirectUrl: input.redirectUrl ?? null,
          status: "CREATING",
          createdBy: ctx.user.id,
          idempotencyKey,
          requestHash,
          payerTokenHash: link.hash,
        })
        .onConflictDoNothing({ target: [payins.createdBy, payins.idempotencyKey], where: sql`idempotency_key is not null` })
        .returning({ id: payins.id });
      if (!row) return null;
      const [event] = await tx
        .insert(orderEvents)
        .values({ orderType: "payin", payinId: row.id, fromStatus: null, toStatus: "CREATING", source: "person", actorUserId: ctx.user.id, note: "created; queued for sending" })
        .returning({ id: orderEvents.id });
      if (!event) throw new Error("createPayin: the event row was not written");
      await notifyOrderEvents(tx, [{ eventId: event.id, type: "payin", id: row.id, merchantId: m.id, from: null, to: "CREATING", source: "person", at: new Date().toISOString() }]);
      await writeAudit(tx, auditActor(ctx), {
        action: "payin.created",
        targetType: "payin",
        targetId: row.id,
        after: { orderNo, region: region.code, currency: region.currency, amountMinor: input.amountMinor.toString(), method: input.method, expirySeconds: input.expirySeconds },
      });
      await enqueue(tx, PAYIN_DISPATCH, { payinId: row.id });
      return row.id;
    });
  } catch (e) {
    if (isUniqueViolation(e) && pgConstraint(e) === "payins_merchant_order_no") {
      throw new AppError("conflict", "This orderNo is already used for this merchant.", { orderNo: "Already used: choose another orderNo or leave it empty" });
    }
    throw e;
  }
  if (insertedId === null) {
    const again = await findByKey(ctx, idempotencyKey, requestHash);
    if (again) return again;
    throw new AppError("conflict", "This pay-in could not be stored; try again.");
  }
  const row = await loadOrderRow(ctx, kindOf("payin"), null, insertedId);
  if (!row) throw new AppError("internal", "The new pay-in could not be read back.");
  return { payin: { ...toPayinView(ctx, row), payerLink: payerLinkFor(link.token) }, replayed: false };
}

async function findByKey(ctx: Ctx, key: string, requestHash: string): Promise<CreatePayinResult | null> {
  const existing = (
    await ctx.db
      .select({ id: payins.id, requestHash: payins.requestHash })
      .from(payins)
      .where(and(eq(payins.createdBy, ctx.user.id), eq(payins.idempotencyKey, key)))
      .limit(1)
  )[0];
  if (!existing) return null;
  if (existing.requestHash !== requestHash) {
    throw new AppError("conflict", "This Idempotency-Key was already used for a different pay-in. Use a new key, or resend exactly the same body.", {
      idempotencyKey: "Already used with a different body",
    });
  }
  const row = await loadOrderRow(ctx, kindOf("payin"), null, existing.id);
  if (!row) return null;
  return { payin: { ...toPayinView(ctx, row), payerLink: null }, replayed: true };
}
