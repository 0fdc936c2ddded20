import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { orderEvents, payouts } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { notifyOrderEvents } from "@/lib/orders/order-notify";
import { writeAudit } from "@/lib/audit/write-audit";
import { pgConstraint, isUniqueViolation } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
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
import { PAYOUT_DISPATCH } from "./queues";
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
  const replay = await findByKey(ctx, idempotencyKey, requestHash);
  if (replay) return replay;

  const m = await payoutCredential(ctx, input.credentialId);
  const region = getRegion(input.region);
  const orderNo = input.orderNo ?? generateOrderNo(region.orderNoPrefix);
  const content = {
    credentialId: m.id,
    merchantId: m.merchantId,
    region: region.code,
    currency: region.currency,
    amountMinor: input.amountMinor,
    method: input.method,
    account: input.account,
    receiverName: input.receiverName,
    taxNumber: input.taxNumber,
    network: input.network,
  };
  const hash = contentHash(content);

  let insertedId: number | null;
  try {
    insertedId = await ctx.db.transaction(async (tx) => {
      // Decided inside the transaction, one beneficiary at a time, so concurrent splits see each other's rows.
      const beneficiary = beneficiaryOf(m.id, input);
      await lockBeneficiary(tx, beneficiary);
      const need = await approvalNeed(tx, { ...beneficiary, amountMinor: input.amountMinor });
      const approvalRequired = need.required;
      const status = approvalRequired ? "PENDING_APPROVAL" : "APPROVED";
      const [row] = await tx
        .insert(payouts)
        .values({
          merchantId: m.id,
          region: region.code,
          orderNo,
          amountMinor: input.amountMinor,
          currency: region.currency,
          paymentMethod: input.method,
          cashAccount: input.account,
          beneficiaryKey: beneficiary.beneficiaryKey,
          receiverName: input.receiverName ?? null,
          taxNumber: input.taxNumber ?? null,
          network: input.network ?? null,
          purpose: input.purpose,
          status,
          createdBy: ctx.user.id,
          idempotencyKey,
          requestHash,
          contentHash: hash,
          approvalRequired,
          // Under the threshold the creation is the approval: sealed like a person's (lib/payouts/approval-seal.ts).
          approvalSeal: approvalRequired ? null : sealApproval({ content, purpose: input.purpose, orderNo, runId: null }),
        })
        .onConflictDoNothing({ target: [payouts.createdBy, payouts.idempotencyKey], where: sql`idempotency_key is not null` })
        .returning({ id: payouts.id });
      if (!row) return null;
      const [event] = await tx
        .insert(orderEvents)
        .values({
          orderType: "payout",
          payoutId: row.id,
          fromStatus: null,
          toStatus: status,
          source: "person",
          actorUserId: ctx.user.id,
          note: approvalRequired ? `created; waits for a second person's approval: ${need.reason}` : `created: ${need.reason}`,
        })
        .returning({ id: orderEvents.id });
      if (!event) throw new Error("createPayout: the event row was not written");
      // Live views learn of the new pay-out the way they learn of every status (lib/events/hub.ts).
      await notifyOrderEvents(tx, [
        { eventId: event.id, type: "payout", id: row.id, merchantId: m.id, from: null, to: status, source: "person", at: new Date().toISOString() },
      ]);
      await writeAudit(tx, auditActor(ctx), {
        action: "payout.created",
        targetType: "payout",
        targetId: row.id,
        after: {
          orderNo,
          region: region.code,
          currency: region.currency,
          amountMinor: input.amountMinor.toString(),
          status,
          approvalRequired,
          recentTotalMinor: need.recentTotalMinor.toString(),
        },
      });
      if (!approvalRequired) await enqueue(tx, PAYOUT_DISPATCH, { payoutId: row.id });
      return row.id;
    });
  } catch (e) {
    if (isUniqueViolation(e) && pgConstraint(e) === "payouts_merchant_order_no") {
      throw new AppError("conflict", "This orderNo is already used for this merchant.", { orderNo: "Already used: choose another orderNo or leave it empty" });
    }
    throw e;
  }
  // Lost the race for this Idempotency-Key: the winner's row is committed now.
  if (insertedId === null) {
    const again = await findByKey(ctx, idempotencyKey, requestHash);
    if (again) return again;
    throw new AppError("conflict", "This pay-out could not be stored; try again.");
  }
  const row = await loadOrderRow(ctx, kindOf("payout"), null, insertedId);
  if (!row) throw new AppError("internal", "The new pay-out could not be read back.");
  return { payout: toPayoutView(ctx, row), replayed: false };
}

async function findByKey(ctx: Ctx, key: string, requestHash: string): Promise<CreatePayoutResult | null> {
  const existing = (
    await ctx.db
      .select({ id: payouts.id, requestHash: payouts.requestHash })
      .from(payouts)
      .where(and(eq(payouts.createdBy, ctx.user.id), eq(payouts.idempotencyKey, key)))
      .limit(1)
  )[0];
  if (!existing) return null;
  if (existing.requestHash !== requestHash) {
    throw new AppError(
      "conflict",
      "This Idempotency-Key was already used for a different pay-out. Use a new key for a new pay-out, or resend exactly the same body.",
      { idempotencyKey: "Already used with a different body" },
    );
  }
  const row = await loadOrderRow(ctx, kindOf("payout"), null, existing.id);
  if (!row) return null;
  return { payout: toPayoutView(ctx, row), replayed: true };
}
