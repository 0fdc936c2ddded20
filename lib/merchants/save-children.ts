import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchantAccounts, subMerchants } from "@/db/schema";
import { AppError } from "@/lib/errors";

type Accounts = { currency: string; kind: "payin" | "payout"; accountNo: string }[];
type Subs = { subMerchantId: string; name: string }[];

/** One account per currency and kind, each sub-merchant id once: refused on the field otherwise. */
export function assertChildrenValid(accounts: Accounts, subs: Subs): void {
  const seen = new Set(accounts.map((a) => `${a.currency}/${a.kind}`));
  if (seen.size !== accounts.length) {
    throw new AppError("invalid_input", "Some fields need attention.", { accounts: "One pay-in and one pay-out account per currency" });
  }
  if (new Set(subs.map((s) => s.subMerchantId)).size !== subs.length) {
    throw new AppError("invalid_input", "Some fields need attention.", { subMerchants: "Each sub-merchant id once" });
  }
}

/** Replace a merchant's balance accounts and sub-merchants with the submitted lists. */
export async function saveChildren(tx: DbOrTx, merchantId: number, accounts: Accounts, subs: Subs): Promise<void> {
  assertChildrenValid(accounts, subs);
  await tx.delete(merchantAccounts).where(eq(merchantAccounts.merchantId, merchantId));
  await tx.delete(subMerchants).where(eq(subMerchants.merchantId, merchantId));
  if (accounts.length) await tx.insert(merchantAccounts).values(accounts.map((a) => ({ merchantId, ...a })));
  if (subs.length) await tx.insert(subMerchants).values(subs.map((s) => ({ merchantId, ...s })));
}
