import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { balanceSnapshots, merchantAccounts, merchants } from "@/db/schema";
import { describeError, log } from "@/lib/log";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { inquireAccountBalance } from "@/lib/merchants/test-connection";

/**
 * inquiry-balance for every balance account of every enabled credential, stored as the balance at `at` (the day
 * boundary the scheduled job stands for); `only`: just these credentials. A credential or account the gateway does not answer for is logged and
 * skipped: its statement then says the balance was not recorded. A second run for the same boundary adds nothing.
 */
export async function snapshotBalances(db: DbOrTx, at: Date, only?: readonly number[]): Promise<{ stored: number; failed: number }> {
  const ms = await db.select().from(merchants).where(and(eq(merchants.enabled, true), only ? inArray(merchants.id, [...only, -1]) : undefined));
  let stored = 0;
  let failed = 0;
  for (const m of ms) {
    const accounts = await db.select().from(merchantAccounts).where(eq(merchantAccounts.merchantId, m.id));
    if (accounts.length === 0) continue;
    let client: ReturnType<typeof gatewayClientFor>;
    try {
      client = gatewayClientFor(m);
    } catch (e) {
      failed += accounts.length;
      log().warn({ credentialId: m.id, ...describeError(e) }, "balance snapshot: credential cannot be used");
      continue;
    }
    const answers = await Promise.all(accounts.map((a) => inquireAccountBalance(client, a).catch(() => null)));
    for (const line of answers) {
      if (!line?.ok || line.balance === undefined) {
        failed += 1;
        continue;
      }
      const rows = await db
        .insert(balanceSnapshots)
        .values({ merchantId: m.id, currency: line.currency, kind: line.kind, balanceMinor: line.balance, availableMinor: line.available ?? null, takenAt: at })
        .onConflictDoNothing()
        .returning({ id: balanceSnapshots.id });
      stored += rows.length;
    }
  }
  return { stored, failed };
}

/** The boundary a run stands for: the latest 00:00 UTC at or before `now`. */
export function dayBoundary(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
