import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { REGIONS, type Region } from "@/lib/smilepayz/regions";

/**
 * Reconciliation runs in cycles of this many seconds (a pg-boss job that schedules its successor, plus a cron
 * safety net). An order is never asked again sooner than one cycle, whoever asks: the sweep, its own inquiry job,
 * or a person's "check status now".
 */
export const RECONCILE_CYCLE_S = 15;

/** Open orders claimed per sweep and per kind; the rest wait for the next cycle (oldest first). */
export const SWEEP_LIMIT = 500;

/** The credential's window, else the region's default. */
export function processingWindowS(region: Pick<Region, "processingWindowS">, m: { processingWindowS: number | null }): number {
  return m.processingWindowS ?? region.processingWindowS;
}

/** When to ask next: `seconds` from now, but at least one cycle. */
export function nextCheckAfter(seconds: number): Date {
  return new Date(Date.now() + Math.max(seconds, RECONCILE_CYCLE_S) * 1000);
}

/** The region's default window as SQL (regions are data: one CASE arm per region file; code constants, no input). */
export function regionWindowSql(region: SQL): SQL {
  return sql`(case ${region}::text ${sql.raw(REGIONS.map((r) => `when '${r.code}' then ${Math.trunc(r.processingWindowS)}`).join(" "))} else 300 end)`;
}

/** The region's default pay-in expiry period in seconds (when a pay-in stored none). */
export function regionExpirySql(region: SQL): SQL {
  const arms = REGIONS.map((r) => `when '${r.code}' then ${Math.trunc(r.payin?.expiryPeriod?.defaultSeconds ?? 3600)}`).join(" ");
  return sql`(case ${region}::text ${sql.raw(arms)} else 3600 end)`;
}
