import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { approvalThresholds } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { REGIONS, type Currency } from "@/lib/smilepayz/regions";
import type { PendingChangeRef } from "@/lib/pending-changes/kinds";
import { requestChange } from "@/lib/pending-changes/request-change";
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

export type SetApprovalThresholdsResult = ApprovalThresholdsView & { pendingChange: PendingChangeRef | null };

/** A change lets more pay-outs through without a second person: a new threshold where none was, or a higher one. */
function weakens(before: Map<string, bigint>, c: SetApprovalThresholds[number]): boolean {
  if (c.minAmountMinor === null) return false; // no threshold: every pay-out needs approval (stricter)
  const old = before.get(c.currency);
  return old === undefined || c.minAmountMinor > old;
}

/**
 * Save thresholds. Lowering (or removing: then every pay-out in the currency needs approval) applies at once;
 * raising, or setting one where there was none, waits for another admin (pending-changes). The credential row is
 * locked so two admins saving at once are serialised and each audit row's "before" is what that save replaced.
 */
export async function setApprovalThresholds({ ctx, id, input }: { ctx: Ctx; id: number; input: SetApprovalThresholds }): Promise<SetApprovalThresholdsResult> {
  return ctx.db.transaction(async (tx) => {
    const t = { ...ctx, db: tx };
    const m = await loadScopedMerchant(t, id, true);
    const before = await readRows(tx, m.id);
    const later = input.filter((c) => weakens(before, c));
    const now = input.filter((c) => !weakens(before, c));
    if (now.length > 0) await applyApprovalThresholds(t, m.id, now);
    let pendingChange: PendingChangeRef | null = null;
    if (later.length > 0) {
      const region = (currency: string) => REGIONS.find((r) => r.currency === currency);
      const was = (c: string) => {
        const old = before.get(c);
        const r = region(c);
        return old === undefined || !r ? "none (every pay-out needs approval)" : thresholdDisplay(old, r);
      };
      pendingChange = await requestChange(tx, t, {
        kind: "approval_thresholds",
        targetType: "merchant",
        targetId: m.id,
        summary: `${m.name}: approval threshold ${later.map((c) => `${c.currency} from ${was(c.currency)} to ${c.display ?? ""}`).join(", ")}`,
        payload: { credentialId: m.id, credentialName: m.name, changes: later.map((c) => ({ currency: c.currency, minAmountMinor: c.minAmountMinor?.toString() ?? null, display: c.display })) },
      });
    }
    return { ...toView(m.id, await readRows(tx, m.id)), pendingChange };
  });
}

/** Upsert or remove the thresholds given, with one audit row, in the caller's transaction (now, or when approved). */
export async function applyApprovalThresholds(ctx: Ctx, merchantId: number, changes: readonly { currency: string; minAmountMinor: bigint | null }[]): Promise<void> {
  const tx = ctx.db;
  const before = await readRows(tx, merchantId);
  for (const change of changes) {
    if (change.minAmountMinor === null) {
      await tx.delete(approvalThresholds).where(and(eq(approvalThresholds.merchantId, merchantId), eq(approvalThresholds.currency, change.currency)));
    } else {
      await tx
        .insert(approvalThresholds)
        .values({ merchantId, currency: change.currency, minAmountMinor: change.minAmountMinor })
        .onConflictDoUpdate({
          target: [approvalThresholds.merchantId, approvalThresholds.currency],
          set: { minAmountMinor: change.minAmountMinor, updatedAt: sql`now()` },
        });
    }
  }
  await writeAudit(tx, auditActor(ctx), {
    action: "credential.approval_thresholds_changed",
    targetType: "merchant",
    targetId: merchantId,
    before: snapshot(before),
    after: snapshot(await readRows(tx, merchantId)),
  });
}
