import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { merchantAccounts, merchants } from "@/db/schema";
import type { Ctx } from "@/lib/api/context";
import { isBundledSandbox } from "@/lib/merchants/bundled-sandbox";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { inquireAccountBalance } from "@/lib/merchants/test-connection";
import { regionByCurrency } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import type { BalanceLineView, CredentialBalances } from "./summary-view";

/** A refresh asks the gateway again only for answers older than this (a burst of clicks is one inquiry). */
export const REFRESH_MIN_AGE_MS = 10_000;

// Per process: each instance keeps its own answers and shows their age, so the gateway is not asked per view.
const g = globalThis as unknown as { __smilepayzBalances?: Map<string, BalanceLineView> };
const cache = () => (g.__smilepayzBalances ??= new Map());

/**
 * The pay-in and pay-out balance of every account of every enabled credential the user may see (inquiry-balance),
 * from the cache unless `refresh` (and the cached answer is older than REFRESH_MIN_AGE_MS) or nothing is cached.
 */
export async function getDashboardBalances({ ctx, input }: { ctx: Ctx; input: { refresh?: boolean } }): Promise<CredentialBalances[]> {
  const scope = await merchantScope(ctx.db, ctx.user);
  if (scope !== null && scope.length === 0) return [];
  const ms = await ctx.db
    .select()
    .from(merchants)
    .where(and(eq(merchants.enabled, true), scope === null ? undefined : inArray(merchants.id, scope)))
    .orderBy(merchants.name);
  if (ms.length === 0) return [];
  const accounts = await ctx.db.select().from(merchantAccounts).where(inArray(merchantAccounts.merchantId, ms.map((m) => m.id)));
  const now = Date.now();
  return Promise.all(
    ms.map(async (m) => {
      // A credential that cannot be asked (no key pair yet, a base URL no longer allowed) shows why on its own
      // lines; it must not take the other credentials' balances down with it.
      let client: ReturnType<typeof gatewayClientFor> | null = null;
      let unusable: string | null = null;
      try {
        client = gatewayClientFor(m);
      } catch (e) {
        unusable = e instanceof Error ? e.message : "This credential cannot be used.";
      }
      const mine = accounts.filter((a) => a.merchantId === m.id).sort((a, b) => a.currency.localeCompare(b.currency) || a.kind.localeCompare(b.kind));
      // Every account at once: a slow or unreachable gateway costs one timeout, not one per account.
      const lines = await Promise.all(
        mine.map(async (a): Promise<BalanceLineView> => {
          const key = `${m.id}:${a.currency}:${a.kind}:${a.accountNo}`;
          const cached = cache().get(key);
          const stale = !cached || (input.refresh === true && now - Date.parse(cached.checkedAt) >= REFRESH_MIN_AGE_MS);
          if (cached && !stale) return cached;
          const line = client ? await inquireAccountBalance(client, a).catch(() => null) : null;
          const region = regionByCurrency(a.currency);
          const view: BalanceLineView = {
            currency: a.currency,
            kind: a.kind,
            accountHint: a.accountNo.slice(-4),
            ok: line?.ok ?? false,
            balanceDisplay: line?.balance !== undefined && region ? formatMoney(line.balance, region) : null,
            availableDisplay: line?.available !== undefined && region ? formatMoney(line.available, region) : null,
            message: line?.ok ? null : (line?.message ?? unusable ?? "The balance could not be read."),
            checkedAt: new Date().toISOString(),
          };
          cache().set(key, view);
          return view;
        }),
      );
      return { credentialId: m.id, name: m.name, environment: m.environment, bundledSandbox: isBundledSandbox(m), lines };
    }),
  );
}
