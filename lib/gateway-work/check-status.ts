import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { payins, payouts } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { awaitingStatuses } from "@/lib/order-status/status-sets";
import type { OrderType } from "@/lib/order-status/transitions";
import { claimOne } from "./claim-due";
import { inquireOrder, type InquiryResult } from "./inquire-order";

export interface CheckStatusView {
  type: OrderType;
  id: number;
  status: string;
  result: InquiryResult["kind"];
}

/**
 * "Check status now" by a person: one inquiry-status through the reconciliation path, as that person (the
 * timeline shows the answer, source inquiry, with their name). Claimed like a sweep's, so it never runs beside
 * another inquiry of the same order; the order's next automatic check moves a cycle on.
 */
export async function checkStatusNow({ ctx, type, id }: { ctx: Ctx; type: OrderType; id: number }): Promise<CheckStatusView> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const t = type === "payout" ? payouts : payins;
  const inScope = scope ? inArray(t.merchantId, scope.length ? scope : [-1]) : undefined;
  const [row] = await ctx.db.select({ status: t.status }).from(t).where(and(eq(t.id, id), inScope));
  const noun = type === "payout" ? "pay-out" : "pay-in";
  if (!row) throw new AppError("not_found", `No such ${noun}.`);
  if (!(awaitingStatuses(type) as string[]).includes(row.status)) throw new AppError("conflict", `This ${noun} is ${row.status}: there is nothing to ask the gateway.`);
  if (!(await claimOne(ctx.db, type, id, "person"))) throw new AppError("conflict", `The gateway is being asked about this ${noun} right now; look at its timeline in a moment.`);
  const result = await inquireOrder(ctx.db, type, id, { ctx });
  const [after] = await ctx.db.select({ status: t.status }).from(t).where(eq(t.id, id));
  return { type, id, status: after?.status ?? row.status, result: result.kind };
}
