import "server-only";
import { eq } from "drizzle-orm";
import { merchantAccounts } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { regionByCurrency } from "@/lib/smilepayz/regions";
import { gatewayClientFor } from "./gateway-client";
import { loadScopedMerchant } from "./list-credentials";

export interface BalanceLine {
  currency: string;
  kind: string;
  accountNo: string;
  ok: boolean;
  balance?: string;
  available?: string;
  code?: string;
  message?: string;
}

/**
 * "Test connection": inquiry-balance through the real client for each balance account of the credential (or
 * the chosen currency), showing the balance or the gateway's code and message. Audited.
 */
export async function testConnection({ ctx, id, input }: { ctx: Ctx; id: number; input: { currency?: string } }) {
  const m = await loadScopedMerchant(ctx, id);
  const accounts = (await ctx.db.select().from(merchantAccounts).where(eq(merchantAccounts.merchantId, id))).filter(
    (a) => !input.currency || a.currency === input.currency,
  );
  if (accounts.length === 0) {
    throw new AppError("invalid_input", "Add a balance account number (Finance → Balance in the merchant backend) to test with.", {
      accounts: "Add at least one balance account",
    });
  }
  const client = gatewayClientFor(m);
  const lines: BalanceLine[] = [];
  for (const a of accounts) {
    const region = regionByCurrency(a.currency);
    if (!region) continue;
    const r = await client.inquiryBalance(region, { accountNo: a.accountNo });
    const base = { currency: a.currency, kind: a.kind, accountNo: a.accountNo };
    if (r.outcome === "accepted") {
      const info = r.body.accountInfos?.[0];
      lines.push({ ...base, ok: true, balance: String(info?.amount.value ?? ""), available: String(info?.availableBalance?.value ?? "") });
    } else if (r.outcome === "rejected") {
      lines.push({ ...base, ok: false, code: r.code, message: r.message });
    } else {
      lines.push({ ...base, ok: false, message: r.outcome === "unknown" ? `No usable answer: ${r.detail}` : r.reason });
    }
  }
  await writeAudit(ctx.db, auditActor(ctx), {
    action: "credential.connection_tested",
    targetType: "merchant",
    targetId: id,
    after: { results: lines.map((l) => ({ currency: l.currency, kind: l.kind, ok: l.ok, code: l.code ?? null })) },
  });
  return { ok: lines.every((l) => l.ok), lines };
}
