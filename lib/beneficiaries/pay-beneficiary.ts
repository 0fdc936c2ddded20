import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/db";
import { beneficiaries } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { canonicalHash } from "@/lib/payouts/content-hash";
import { createLinkedPayout, type CreatePayoutResult } from "@/lib/payouts/create-payout";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import { scopeCondition } from "./load-beneficiary";
import type { PayBeneficiary } from "./schemas";

const NOT_PAYABLE = "Choose a verified beneficiary of this credential";

function onBeneficiary(message: string): AppError {
  return new AppError("invalid_input", "Some fields need attention.", { beneficiaryId: message });
}

/**
 * A pay-out to a saved beneficiary: only a VERIFIED, live one of this credential, in the user's merchants (any
 * other is a 400 on beneficiaryId, the same for one that does not exist). Its details as of now are copied into the
 * pay-out and checked again by the pay-out's own schema (with the amount); the pay-out keeps a link to it. The
 * creating transaction locks the beneficiary and refuses it if it changed since it was read.
 */
export async function payBeneficiary({ ctx, input, idempotencyKey }: { ctx: Ctx; input: PayBeneficiary; idempotencyKey: string }): Promise<CreatePayoutResult> {
  const requestHash = canonicalHash({ via: "beneficiary", ...input });
  return createLinkedPayout({
    ctx,
    idempotencyKey,
    requestHash,
    resolve: async () => {
      const [b] = await ctx.db
        .select()
        .from(beneficiaries)
        .where(and(eq(beneficiaries.id, input.beneficiaryId), eq(beneficiaries.merchantId, input.credentialId), await scopeCondition(ctx)))
        .limit(1);
      if (!b || b.archivedAt !== null) throw onBeneficiary(NOT_PAYABLE);
      if (b.status !== "VERIFIED") throw onBeneficiary("This beneficiary's bank details are not verified yet: a second person must verify them first");
      const parsed = createPayoutSchema.safeParse({
        credentialId: input.credentialId, region: b.region, method: b.paymentMethod, account: b.cashAccount, receiverName: b.receiverName ?? undefined,
        taxNumber: b.taxNumber ?? undefined, network: b.network ?? undefined, amount: input.amount, purpose: input.purpose, orderNo: input.orderNo,
      });
      if (!parsed.success) throw fieldErrors(parsed.error.issues);
      const guard = async (tx: Tx) => {
        const [still] = await tx
          .select({ id: beneficiaries.id })
          .from(beneficiaries)
          .where(and(eq(beneficiaries.id, b.id), eq(beneficiaries.version, b.version), eq(beneficiaries.status, "VERIFIED"), isNull(beneficiaries.archivedAt)))
          .for("share");
        if (!still) throw onBeneficiary("This beneficiary changed a moment ago: check it and try again");
      };
      return { input: parsed.data, link: { beneficiaryId: b.id, guard } };
    },
  });
}

/** The amount, purpose and orderNo speak for themselves; anything else is the stored payee, so it is about the beneficiary. */
function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): AppError {
  const fields: Record<string, string> = {};
  for (const i of issues) {
    const key = String(i.path[0] ?? "");
    if (key === "amount" || key === "purpose" || key === "orderNo") fields[key] ??= i.message;
    else if (key !== "") fields.beneficiaryId ??= `This beneficiary's ${key} no longer passes the region's rules (${i.message}): edit it`;
  }
  return new AppError("invalid_input", "Some fields need attention.", fields);
}
