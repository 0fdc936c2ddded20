import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { merchantAccounts, merchants } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { isBundledSandbox } from "@/lib/merchants/bundled-sandbox";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { inquireAccountBalance } from "@/lib/merchants/test-connection";
import { regionByCurrency } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import type { BalanceLineView, CredentialBalances } from "./balance-view";

/** A refresh asks the gateway again only for answers older than this (a burst of clicks is one inquiry). */
export const REFRESH_MIN_AGE_MS = 10_000;
/** An answer older than this is asked again on the next read, settled orders or not. */
export const MAX_AGE_MS = 60_000;

export interface ReadBalancesInput {
  refresh?: boolean;
  credentialId?: number;
  currency?: string;
  kind?: "payin" | "payout";
}

/** A line as cached: the view plus what the pay-out form needs (the full account number stays on the server side). */
export type BalanceLine = BalanceLineView & { accountNo: string };

// Per process: each instance keeps its own answers and shows their age, so the gateway is not asked per view.
const g = globalThis as unknown as { __smilepayzBalances?: Map<string, BalanceLine> };
function cache(): Map<string, BalanceLine> {
  return (g.__smilepayzBalances ??= new Map());
}

type Merchant = typeof merchants.$inferSelect;
type Account = typeof merchantAccounts.$inferSelect;

/**
 * The one source of balances (overview, pay-out form, run totals): every account of every enabled credential the
 * user may see (inquiry-balance), narrowed by credential, currency and kind. A cached answer is used only while it is
 * younger than MAX_AGE_MS and no order of its credential and currency reached a final status since it was asked
 * (a settlement moves the balance); `refresh` asks again when the answer is older than REFRESH_MIN_AGE_MS.
 */
export async function readBalances({ ctx, input }: { ctx: Ctx; input: ReadBalancesInput }): Promise<(Omit<CredentialBalances, "lines"> & { lines: BalanceLine[] })[]> {
  const { ms, accounts } = await accountsInScope(ctx, input);
  if (ms.length === 0) return [];
  const settled = await lastSettled(ctx, accounts);
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
        mine.map((a) => {
          const cached = fresh(m.id, a, settled, now, input.refresh === true);
          return cached ?? askLine(m.id, a, client, unusable);
        }),
      );
      return { credentialId: m.id, name: m.name, environment: m.environment, bundledSandbox: isBundledSandbox(m), lines };
    }),
  );
}

/** The enabled credentials the user may see, narrowed by the input, and their accounts narrowed likewise. */
async function accountsInScope(ctx: Ctx, input: ReadBalancesInput): Promise<{ ms: Merchant[]; accounts: Account[] }> {
  const scope = await merchantScope(ctx.db, ctx.user);
  if (scope !== null && scope.length === 0) return { ms: [], accounts: [] };
  const ms = await ctx.db
    .select()
    .from(merchants)
    .where(
      and(
        eq(merchants.enabled, true),
        scope === null ? undefined : inArray(merchants.id, scope),
        input.credentialId === undefined ? undefined : eq(merchants.id, input.credentialId),
      ),
    )
    .orderBy(merchants.name);
  if (ms.length === 0) return { ms, accounts: [] };
  const accounts = (await ctx.db.select().from(merchantAccounts).where(inArray(merchantAccounts.merchantId, ms.map((m) => m.id)))).filter(
    (a) => (input.currency === undefined || a.currency === input.currency) && (input.kind === undefined || a.kind === input.kind),
  );
  return { ms, accounts };
}

const keyOf = (merchantId: number, a: Account) => `${merchantId}:${a.currency}:${a.kind}:${a.accountNo}`;

/** The cached answer, while it is young enough and no order of its credential and currency settled since. */
function fresh(merchantId: number, a: Account, settled: Map<string, number>, now: number, refresh: boolean): BalanceLine | null {
  const cached = cache().get(keyOf(merchantId, a));
  if (!cached) return null;
  const age = now - Date.parse(cached.checkedAt);
  const moved = (settled.get(`${merchantId}:${a.currency}`) ?? 0) >= Date.parse(cached.checkedAt);
  return !moved && age < MAX_AGE_MS && !(refresh && age >= REFRESH_MIN_AGE_MS) ? cached : null;
}

/** Ask the gateway for one account's balance and cache the answer (a failure is a line that says why). */
async function askLine(merchantId: number, a: Account, client: ReturnType<typeof gatewayClientFor> | null, unusable: string | null): Promise<BalanceLine> {
  // The moment of asking, not of the answer: an order that settles while the gateway answers makes it stale.
  const askedAt = new Date().toISOString();
  const line = client ? await inquireAccountBalance(client, a).catch(() => null) : null;
  const region = regionByCurrency(a.currency);
  const view: BalanceLine = {
    currency: a.currency,
    kind: a.kind,
    accountNo: a.accountNo,
    accountHint: a.accountNo.slice(-4),
    ok: line?.ok ?? false,
    balanceMinor: line?.balance?.toString() ?? null,
    availableMinor: (line?.available ?? line?.balance)?.toString() ?? null,
    balanceDisplay: line?.balance !== undefined && region ? formatMoney(line.balance, region) : null,
    availableDisplay: line?.available !== undefined && region ? formatMoney(line.available, region) : null,
    message: line?.ok ? null : (line?.message ?? unusable ?? "The balance could not be read."),
    checkedAt: askedAt,
  };
  cache().set(keyOf(merchantId, a), view);
  return view;
}

/** The overview's answer: the lines without full account numbers. */
export async function readBalancesView(args: { ctx: Ctx; input: ReadBalancesInput }): Promise<{ credentials: CredentialBalances[] }> {
  const shown = await readBalances(args);
  return { credentials: shown.map((c) => ({ ...c, lines: c.lines.map(({ accountNo: _full, ...line }) => line) })) };
}

/** Per credential and currency, when an order of it last reached a final status (ms), since the oldest cached answer. */
async function lastSettled(ctx: Ctx, accounts: readonly { merchantId: number; currency: string }[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const ids = [...new Set(accounts.map((a) => a.merchantId))];
  if (ids.length === 0) return out;
  const oldest = Math.min(...[...cache().values()].map((l) => Date.parse(l.checkedAt)), Date.now());
  const since = new Date(Math.max(oldest, Date.now() - MAX_AGE_MS)).toISOString();
  const rows = await ctx.db.execute<{ merchant_id: string; currency: string; at: Date | string }>(sql`
    select merchant_id::text, currency, max(final_at) as at from (
      select merchant_id, currency, final_at from payouts where final_at >= ${since}::timestamptz and merchant_id in ${ids}
      union all
      select merchant_id, currency, final_at from payins where final_at >= ${since}::timestamptz and merchant_id in ${ids}
    ) s group by merchant_id, currency`);
  for (const r of rows) out.set(`${r.merchant_id}:${r.currency}`, new Date(r.at).getTime());
  return out;
}
