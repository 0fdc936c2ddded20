import "server-only";
import type { Ctx } from "@/lib/context";
import { readBalances } from "@/lib/balances/read-balances";
import { AppError } from "@/lib/errors";
import { getRegion } from "@/lib/smilepayz/regions";
import type { RegionCode } from "@/lib/smilepayz/regions/types";
import type { PayoutBalanceView } from "./balance-view";

/**
 * The pay-out account's balance for the region's currency, for the form's warning: the overview's one source
 * (lib/balances/read-balances.ts), narrowed to one account, so the two pages never disagree.
 */
export async function getPayoutBalance({ ctx, input }: { ctx: Ctx; input: { credentialId: number; region: RegionCode } }): Promise<PayoutBalanceView> {
  const region = getRegion(input.region);
  const [credential] = await readBalances({ ctx, input: { credentialId: input.credentialId, currency: region.currency, kind: "payout" } });
  if (!credential) throw new AppError("not_found", "No such merchant credential.");
  const line = credential.lines[0];
  if (!line) throw new AppError("not_found", `This credential has no ${region.currency} pay-out account number: an admin adds it on the credential.`);
  if (!line.ok) throw new AppError("gateway_error", line.message ?? "The gateway gave no usable answer to the balance inquiry. Try again shortly.");
  return {
    credentialId: credential.credentialId,
    region: region.code,
    currency: region.currency,
    accountNo: line.accountNo,
    balanceMinor: line.balanceMinor,
    availableMinor: line.availableMinor,
    balanceDisplay: line.balanceDisplay,
    availableDisplay: line.availableDisplay ?? line.balanceDisplay,
    checkedAt: line.checkedAt,
  };
}
