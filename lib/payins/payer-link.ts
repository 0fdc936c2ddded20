import "server-only";
import { and, eq } from "drizzle-orm";
import { payins } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { isFinal } from "@/lib/order-status/transitions";
import { newPayerToken, payerLinkFor } from "./payer-token";
import { kindOf } from "@/lib/orders/kinds";
import { scopeFilter } from "@/lib/orders/list-orders";

/**
 * A new payer link for an open pay-in: the old one stops working at once (only one token hash is stored). Shown
 * once; audited.
 */
export async function renewPayerLink({ ctx, id }: { ctx: Ctx; id: number }): Promise<{ payerLink: string }> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const link = newPayerToken();
  await ctx.db.transaction(async (tx) => {
    const [p] = await tx.select({ status: payins.status }).from(payins).where(and(eq(payins.id, id), scopeFilter(kindOf("payin"), scope))).for("update");
    if (!p) throw new AppError("not_found", "No such pay-in.");
    if (isFinal("payin", p.status)) throw new AppError("conflict", `This pay-in is ${p.status}: there is nothing left to pay.`);
    await tx.update(payins).set({ payerTokenHash: link.hash, payerTokenRevokedAt: null, updatedAt: new Date() }).where(eq(payins.id, id));
    await writeAudit(tx, auditActor(ctx), { action: "payin.payer_link_issued", targetType: "payin", targetId: id });
  });
  return { payerLink: payerLinkFor(link.token) };
}

/** Revoke the payer link: the page answers 404 from now on. Audited. */
export async function revokePayerLink({ ctx, id }: { ctx: Ctx; id: number }): Promise<{ revoked: true }> {
  const scope = await merchantScope(ctx.db, ctx.user);
  await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(payins)
      .set({ payerTokenHash: null, payerTokenRevokedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(payins.id, id), scopeFilter(kindOf("payin"), scope)))
      .returning({ id: payins.id });
    if (rows.length !== 1) throw new AppError("not_found", "No such pay-in.");
    await writeAudit(tx, auditActor(ctx), { action: "payin.payer_link_revoked", targetType: "payin", targetId: id });
  });
  return { revoked: true };
}
