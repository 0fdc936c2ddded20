import "server-only";
import { and, eq } from "drizzle-orm";
import { merchantAccounts, merchants } from "@/db/schema";
import type { Ctx } from "@/lib/api/context";
import { AppError } from "@/lib/errors";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { getRegion } from "@/lib/smilepayz/regions";
import { decimalToMinor } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";
import type { RegionCode } from "@/lib/smilepayz/regions/types";

export interface PayoutBalance {
  credentialId: number;
  region: RegionCode;
  currency: string;
  accountNo: string;
  /** Minor units as a decimal string, and the ordinary-units display. */
  balanceMinor: string;
  balanceDisplay: string;
  availableMinor: string;
  availableDisplay: string;
  checkedAt: string;
}

/** The pay-out account's balance for the region's currency (inquiry-balance), for the form's warning. */
export async function getPayoutBalance({ ctx, input }: { ctx: Ctx; input: { credentialId: number; region: RegionCode } }): Promise<PayoutBalance> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const m = (await ctx.db.select().from(merchants).where(eq(merchants.id, input.credentialId)).limit(1))[0];
  if (!m || (scope && !scope.includes(m.id))) throw new AppError("not_found", "No such merchant credential.");
  const region = getRegion(input.region);
  const account = (
    await ctx.db
      .select({ accountNo: merchantAccounts.accountNo })
      .from(merchantAccounts)
      .where(and(eq(merchantAccounts.merchantId, m.id), eq(merchantAccounts.currency, region.currency), eq(merchantAccounts.kind, "payout")))
      .limit(1)
  )[0];
  if (!account) throw new AppError("not_found", `This credential has no ${region.currency} pay-out account number: an admin adds it on the credential.`);

  const r = await gatewayClientFor(m).inquiryBalance(region, { accountNo: account.accountNo });
  if (r.outcome === "rejected") throw new AppError("gateway_error", `The gateway refused the balance inquiry (${r.code}: ${r.message}).`);
  if (r.outcome !== "accepted") throw new AppError("gateway_error", "The gateway gave no usable answer to the balance inquiry. Try again shortly.");
  const info = r.body.accountInfos?.find((i) => i.balanceType === "BALANCE") ?? r.body.accountInfos?.[0];
  if (!info) throw new AppError("gateway_error", "The gateway's answer had no balance in it.");
  if (info.amount.currency !== region.currency || (info.availableBalance && info.availableBalance.currency !== region.currency)) {
    throw new AppError("gateway_error", `The gateway answered in ${info.amount.currency}, not ${region.currency}: check the account number.`);
  }
  const minor = (v: string | number) => {
    const n = decimalToMinor(String(v), region.amount.minorDigits);
    if (n === null) throw new AppError("gateway_error", "The gateway's balance is not a readable amount.");
    return n;
  };
  const balance = minor(info.amount.value);
  const available = info.availableBalance ? minor(info.availableBalance.value) : balance;
  return {
    credentialId: m.id,
    region: region.code,
    currency: region.currency,
    accountNo: account.accountNo,
    balanceMinor: balance.toString(),
    balanceDisplay: formatMoney(balance, region),
    availableMinor: available.toString(),
    availableDisplay: formatMoney(available, region),
    checkedAt: new Date().toISOString(),
  };
}
