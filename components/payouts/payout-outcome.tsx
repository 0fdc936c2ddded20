"use client";

import Link from "next/link";
import { buttonClass } from "@/components/ui/field";
import { outcomeLabel } from "@/components/orders/order-story";
import { TimeText } from "@/components/ui/time-text";
import type { OrderOutcomeView, PayoutView } from "@/lib/orders/order-view";

/** Final statuses after which the same payment may be made again with a new pay-out (no money went out). */
const RETRYABLE = new Set(["FAILED", "EXPIRED", "NOT_ACCEPTED", "CANCELLED", "REJECTED"]);

/**
 * Why the pay-out ended where it did, in plain words, with the raw values it was read from beneath; and what the
 * person can do next: a new pay-out filled in from this one (new orderNo, approval again where the threshold asks).
 */
export function PayoutOutcome({
  payout,
  outcome,
  canCreate,
  local,
}: {
  payout: PayoutView;
  outcome: OrderOutcomeView | null;
  canCreate: boolean;
  local: { zone: string; city: string } | null;
}) {
  if (!outcome) return null;
  const bad = outcome.status === "FAILED" || outcome.status === "NOT_ACCEPTED";
  return (
    <section
      aria-label="Outcome"
      data-testid="payout-outcome"
      className={`space-y-3 rounded-lg border p-4 ${bad ? "border-red-300 bg-red-50" : "border-slate-300 bg-slate-50"}`}
    >
      <h2 className="text-base font-semibold text-slate-900">{outcomeLabel(outcome.status, "Why the gateway did not accept it")}</h2>
      <p className="text-sm text-slate-900" data-testid="outcome-summary">
        {outcome.summary}
      </p>
      {outcome.raw.length ? (
        <div className="text-xs text-slate-600">
          <p>
            From {outcome.rawFrom}, <TimeText at={outcome.at} local={outcome.source === "person" ? null : local} />:
          </p>
          <p className="break-all font-mono" data-testid="outcome-raw">
            {outcome.raw.join(" · ")}
          </p>
        </div>
      ) : null}
      {canCreate && RETRYABLE.has(payout.status) ? (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <Link href={`/payouts/new?from=${payout.id}`} className={buttonClass}>
            Create a new pay-out from this one
          </Link>
          <span className="text-xs text-slate-600">
            The form opens filled in, with a new orderNo; you review it before anything is sent.
          </span>
        </div>
      ) : null}
    </section>
  );
}
