import "server-only";
import { and, count, eq, gte, inArray, isNotNull, ne, or, isNull, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { payins, payoutBatches, payouts, pendingChanges, webhookEndpoints } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { merchantScope } from "@/lib/auth/merchant-scope";

/** How far back "my pay-outs that failed" looks. */
export const FAILED_WINDOW_DAYS = 7;

export type NotificationKind = "approvals" | "run_approvals" | "failed_payouts" | "flagged" | "pending_changes" | "webhooks_disabled";

export interface NotificationItem {
  kind: NotificationKind;
  count: number;
  label: string;
  href: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What waits for this person, per role, for the header's bell: pay-outs and runs another person created that they
 * may approve (approvers), their own pay-outs that failed in the last 7 days (finance, approvers), flagged orders of
 * their merchants (roles that read orders), changes another admin asked for (admins). Only kinds with a count are
 * listed; `total` is their sum. Every count is scoped to the person's merchants.
 */
export async function countNotifications({ ctx, now = new Date() }: { ctx: Ctx; now?: Date }): Promise<{ total: number; items: NotificationItem[] }> {
  const { db, user } = ctx;
  const role = user.role;
  const scope = can(role, "payouts.read") || can(role, "payins.read") ? await merchantScope(db, user) : [];
  // The merchants this person may see (null: all); an empty list matches nothing.
  const inScope = (col: PgColumn): SQL | undefined => (scope === null ? undefined : scope.length === 0 ? eq(col, -1) : inArray(col, scope));
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  const items: NotificationItem[] = [];

  if (can(role, "payouts.approve")) {
    const notMine = (col: PgColumn) => or(isNull(col), ne(col, user.id));
    const waiting = await n(
      db.select({ n: count() }).from(payouts).where(and(eq(payouts.status, "PENDING_APPROVAL"), notMine(payouts.createdBy), inScope(payouts.merchantId))),
    );
    if (waiting > 0) items.push({ kind: "approvals", count: waiting, label: `${plural(waiting, "pay-out waits", "pay-outs wait")} for your approval`, href: "/approvals" });
    const runs = await n(
      db
        .select({ n: count() })
        .from(payoutBatches)
        .where(and(eq(payoutBatches.status, "PENDING_APPROVAL"), notMine(payoutBatches.createdBy), inScope(payoutBatches.merchantId))),
    );
    if (runs > 0) items.push({ kind: "run_approvals", count: runs, label: `${plural(runs, "run waits", "runs wait")} for your approval`, href: "/approvals" });
  }

  if (can(role, "payouts.create")) {
    const since = new Date(now.getTime() - FAILED_WINDOW_DAYS * 86_400_000);
    const failed = await n(
      db
        .select({ n: count() })
        .from(payouts)
        .where(and(eq(payouts.createdBy, user.id), eq(payouts.status, "FAILED"), gte(payouts.finalAt, since), inScope(payouts.merchantId))),
    );
    if (failed > 0) {
      const from = since.toISOString().slice(0, 10);
      items.push({
        kind: "failed_payouts",
        count: failed,
        label: `${plural(failed, "of your pay-outs", "of your pay-outs")} failed in the last ${FAILED_WINDOW_DAYS} days`,
        href: `/payouts?status=FAILED&createdBy=${user.id}&from=${from}`,
      });
    }
  }

  if (can(role, "payouts.read")) {
    const [fo, fi] = await Promise.all([
      n(db.select({ n: count() }).from(payouts).where(and(isNotNull(payouts.flaggedAt), inScope(payouts.merchantId)))),
      n(db.select({ n: count() }).from(payins).where(and(isNotNull(payins.flaggedAt), inScope(payins.merchantId)))),
    ]);
    const flagged = fo + fi;
    if (flagged > 0) items.push({ kind: "flagged", count: flagged, label: `${plural(flagged, "order is", "orders are")} flagged for a person to look at`, href: "/#needs-a-person" });
  }

  if (can(role, "changes.review")) {
    const changes = await n(
      db.select({ n: count() }).from(pendingChanges).where(and(eq(pendingChanges.status, "pending"), ne(pendingChanges.requestedBy, user.id))),
    );
    if (changes > 0) items.push({ kind: "pending_changes", count: changes, label: `${plural(changes, "change waits", "changes wait")} for your approval`, href: "/changes" });
  }

  if (can(role, "credentials.manage")) {
    // Webhook endpoints the app switched off after 3 days of failed deliveries (lib/webhooks/deliver-webhook.ts).
    const mine = can(role, "payouts.read") || can(role, "payins.read") ? scope : await merchantScope(db, user);
    const off = mine === null ? undefined : mine.length === 0 ? eq(webhookEndpoints.merchantId, -1) : inArray(webhookEndpoints.merchantId, mine);
    const disabled = await n(db.select({ n: count() }).from(webhookEndpoints).where(and(eq(webhookEndpoints.enabled, false), isNotNull(webhookEndpoints.disabledAt), off)));
    if (disabled > 0) items.push({ kind: "webhooks_disabled", count: disabled, label: `${plural(disabled, "webhook endpoint was", "webhook endpoints were")} switched off after 3 days of failed deliveries`, href: "/webhooks" });
  }

  return { total: items.reduce((s, i) => s + i.count, 0), items };
}
