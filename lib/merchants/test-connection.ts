import "server-only";
import { eq } from "drizzle-orm";
import { merchantAccounts } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { regionByCurrency } from "@/lib/smilepayz/regions";
import { decimalToMinor } from "@/lib/smilepayz/regions/money";
import { explainFailure } from "./explain-gateway-answer";
import { gatewayClientFor } from "./gateway-client";
import { loadScopedMerchant } from "./list-credentials";

/** One balance account's answer. Amounts are minor units of `currency` (bigint, sent as decimal strings). */
export interface BalanceLine {
  currency: string;
  kind: "payin" | "payout";
  accountNo: string;
  ok: boolean;
  /** Decimal places of the currency's minor unit, for formatting. */
  minorDigits: number;
  balance?: bigint;
  available?: bigint;
  /** When not ok: what it means and what to do, and the raw code or reason in a few words. */
  message?: string;
  raw?: string;
}

/** "10000000.00" (the sandbox) or 10000000 (a number) in the account's minor units; null when not exact. */
function toMinor(value: string | number | undefined, digits: number): bigint | null {
  if (value === undefined) return null;
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  if (/e/i.test(text)) return null;
  return decimalToMinor(text, digits);
}

/**
 * "Test connection": inquiry-balance through the real client for each balance account of the credential (or
 * the chosen currency). An answer in another currency than the account's is an error, never shown as the
 * account's money. Audited (outcome and code only).
 */
export async function testConnection({ ctx, id, input }: { ctx: Ctx; id: number; input: { currency?: string } }) {
  const m = await loadScopedMerchant(ctx, id);
  const accounts = (await ctx.db.select().from(merchantAccounts).where(eq(merchantAccounts.merchantId, id))).filter(
    (a) => !input.currency || a.currency === input.currency,
  );
  if (accounts.length === 0) {
    throw new AppError("invalid_input", "Add a balance account number (Finance → Balance in the merchant back office) to test with.", {
      accounts: "Add at least one balance account",
    });
  }
  const client = gatewayClientFor(m);
  const lines: BalanceLine[] = [];
  for (const a of accounts) {
    const line = await inquireAccountBalance(client, a);
    if (line) lines.push(line);
  }
  await writeAudit(ctx.db, auditActor(ctx), {
    action: "credential.connection_tested",
    targetType: "merchant",
    targetId: id,
    after: { results: lines.map((l) => ({ currency: l.currency, kind: l.kind, ok: l.ok, raw: l.raw ?? null })) },
  });
  return { ok: lines.every((l) => l.ok), lines };
}

/** inquiry-balance for one balance account, read strictly (its own currency, exact amounts); null: no such region. */
export async function inquireAccountBalance(
  client: ReturnType<typeof gatewayClientFor>,
  a: Pick<typeof merchantAccounts.$inferSelect, "currency" | "kind" | "accountNo">,
): Promise<BalanceLine | null> {
  const region = regionByCurrency(a.currency);
  if (!region) return null;
  const digits = region.amount.minorDigits;
  const base = { currency: a.currency, kind: a.kind, accountNo: a.accountNo, minorDigits: digits };
  const r = await client.inquiryBalance(region, { accountNo: a.accountNo });
  if (r.outcome !== "accepted") return { ...base, ok: false, ...explainFailure(r) };
  const info = r.body.accountInfos?.find((i) => i.balanceType === "BALANCE") ?? r.body.accountInfos?.[0];
  const answered = [info?.amount.currency, info?.availableBalance?.currency].filter((c): c is string => c !== undefined);
  const wrong = answered.find((c) => c !== a.currency);
  if (wrong) {
    return {
      ...base,
      ok: false,
      message: `The gateway answered in ${wrong.slice(0, 8)} for this ${a.currency} account: check the account number against Finance → Balance in the Smilepayz merchant back office.`,
      raw: `currency ${wrong.slice(0, 8)} ≠ ${a.currency}`,
    };
  }
  const balance = toMinor(info?.amount.value, digits);
  const available = info?.availableBalance ? toMinor(info.availableBalance.value, digits) : undefined;
  if (balance === null || available === null) {
    return { ...base, ok: false, message: "The gateway's answer has no readable balance. Try again; if it persists, contact Smilepayz support.", raw: "unreadable balance" };
  }
  return { ...base, ok: true, balance, ...(available !== undefined ? { available } : {}) };
}
