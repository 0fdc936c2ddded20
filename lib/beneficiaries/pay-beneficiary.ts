import "server-only";
import type { Tx } from "@/db";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { canonicalHash } from "@/lib/payouts/content-hash";
import { createLinkedPayout, type CreatePayoutResult } from "@/lib/payouts/create-payout";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import { CHANGED, lockUnchanged, payableBeneficiaries, payeeOf, whyNotPayable } from "./payable";
import { beneficiaryPayIssue, type PayBeneficiary } from "./schemas";

function onBeneficiary(message: string): AppError {
  return new AppError("invalid_input", "Some fields need attention.", { beneficiaryId: message });
}

/**
 * A pay-out to a saved beneficiary: only a VERIFIED, live one of this credential, in the user's merchants (any
 * other is a 400 on beneficiaryId, the same for one that does not exist: payable.ts). Its details as of now are
 * copied into the pay-out and checked again by the pay-out's own schema (with the amount); the pay-out keeps a link
 * to it. The creating transaction locks the beneficiary and refuses it if it changed since it was read.
 */
export async function payBeneficiary({ ctx, input, idempotencyKey }: { ctx: Ctx; input: PayBeneficiary; idempotencyKey: string }): Promise<CreatePayoutResult> {
  const requestHash = canonicalHash({ via: "beneficiary", ...input });
  return createLinkedPayout({
    ctx,
    idempotencyKey,
    requestHash,
    resolve: async () => {
      const b = (await payableBeneficiaries(ctx, input.credentialId, [input.beneficiaryId])).get(input.beneficiaryId);
      const why = whyNotPayable(b);
      if (why || !b) throw onBeneficiary(why ?? "");
      const parsed = createPayoutSchema.safeParse({ credentialId: input.credentialId, ...payeeOf(b), amount: input.amount, purpose: input.purpose, orderNo: input.orderNo });
      if (!parsed.success) throw fieldErrors(parsed.error.issues);
      const guard = async (tx: Tx) => {
        if ((await lockUnchanged(tx, [b])).length > 0) throw onBeneficiary(CHANGED);
      };
      return { input: parsed.data, link: { beneficiaryId: b.id, guard } };
    },
  });
}

function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): AppError {
  const fields: Record<string, string> = {};
  for (const i of issues) {
    const said = beneficiaryPayIssue(String(i.path[0] ?? ""), i.message);
    if (said) fields[said[0]] ??= said[1];
  }
  return new AppError("invalid_input", "Some fields need attention.", fields);
}
