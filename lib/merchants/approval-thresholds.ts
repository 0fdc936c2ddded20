import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { approvalThresholds } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { REGIONS, type Currency } from "@/lib/smilepayz/regions";
import { loadScopedMerchant } from "./list-credentials";
import { thresholdDisplay, type SetApprovalThresholds } from "./schemas";

/** What the browser gets: one line per region currency, in region order; bigints travel as decimal strings. */
export interface ApprovalThresholdView {
  currency: Currency;
  /** null: no threshold, every pay-out in this currency needs a second person. */
  minAmountMinor: string | null;
  /** "THB 50,000.00", or null without a threshold. */
  display: string | null;
}
export interface ApprovalThresholdsView {
  credentialId: number;
  thresholds: ApprovalThresholdView[];
}

async function readRows(db: DbOrTx, merchantId: number): Promise<Map<string, bigint>> {
  const rows = await db
    .select({ currency: approvalThresholds.currency, min: approvalThresholds.minAmountMinor })
    .from(approvalThresholds)
    .where(eq(approvalThresholds.merchantId, merchantId));
  return new Map(rows.map((r) => [r.currency, r.min]));
}

function toView(credentialId: number, rows: Map<string, bigint>): ApprovalThresholdsView {
  return {
    credentialId,
    thresholds: REGIONS.map((region) => {
      const min = rows.get(region.currency);
      return {
        currency: region.currency,
        minAmountMinor: min === undefined ? null : min.toString(),
        display: min === undefined ? null : thresholdDisplay(min, region),
      };
    }),
  };
}

/** For the audit row: minor units as strings, null where there is no threshold. */
function snapshot(rows: Map<string, bigint>): Record<string, string | null> {
  return Object.fromEntries(REGIONS.map((r) => [r.currency, rows.get(r.currency)?.toString() ?? null]));
}

export async function getApprovalThresholds({ ctx, id }: { ctx: Ctx; id: number }): Promise<ApprovalThresholdsView> {
  const m = await loadScopedMerchant(ctx, id);
  return toView(m.id, await readRows(ctx.db, m.id));
}

/**
 * Upsert or remove the thresholds given, with one audit row, in one transaction. The credential row is locked
 * so two admins saving at once are serialised and each audit row's "before" is what that save replaced.
 */
export async function setApprovalThresholds({ ctx, id, input }: { ctx: Ctx; id: number; input: SetApprovalThresholds }): Promise<ApprovalThresholdsView> {
  return ctx.db.transaction(async (tx) => {
    const m = await loadScopedMerchant({ ...ctx, db: tx }, id, true);
    const before = await readRows(tx, m.id);
    for (const change of input) {
      if (change.minAmountMinor === null) {
        await tx.delete(approvalThresholds).where(and(eq(approvalThresholds.merchantId, m.id), eq(approvalThresholds.currency, change.currency)));
      } else {
        await tx
          .insert(approvalThresholds)
          .values({ merchantId: m.id, currency: change.currency, minAmountMinor: change.minAmountMinor })
          .onConflictDoUpdate({
            target: [approvalThresholds.merchantId, approvalThresholds.currency],
            set: { minAmountMinor: change.minAmountMinor, updatedAt: sql`now()` },
          });
      }
    }
    const after = await readRows(tx, m.id);
    await writeAudit(tx, auditActor(ctx), {
      action: "credential.approval_thresholds_changed",
      targetType: "merchant",
      targetId: m.id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return toView(m.id, after);
  });
}
