import Link from "next/link";
import { buttonClass } from "@/components/ui/field";
import { TimeText } from "@/components/ui/time-text";
import type { OrderOutcomeView } from "@/lib/orders/order-view";

/** Final statuses after which the same payment may be made again with a new pay-out (no money went out). */
const RETRYABLE = new Set(["FAILED", "EXPIRED", "NOT_ACCEPTED", "CANCELLED", "REJECTED"]);

/** Why it failed, expired, was refused, rejected or cancelled: the outcome's heading. */
export function outcomeLabel(status: string): string {
  const words: Record<string, string> = { FAILED: "Why it failed", EXPIRED: "Why it expired", NOT_ACCEPTED: "Why the gateway did not accept it", REJECTED: "Why it was rejected" };
  return words[status] ?? "Why it was cancelled";
}

/**
 * Why the order ended where it did, in plain words, with the raw values it was read from beneath; and, for a pay-out
 * and a person who may create one, what to do next: a new pay-out filled in from this one (new orderNo, approval
 * again where the threshold asks).
 */
export function OrderOutcome({
  outcome,
  local,
  newPayoutFrom,
}: {
  outcome: OrderOutcomeView | null;
  local: { zone: string; city: string } | null;
  /** The pay-out to copy, when the person may create one; null otherwise. */
  newPayoutFrom: number | null;
}) {
  if (!outcome) return null;
  const bad = outcome.status === "FAILED" || outcome.status === "NOT_ACCEPTED";
  return (
    <section
      aria-label="Outcome"
      data-testid="payout-outcome"
      className={`space-y-3 rounded-lg border p-4 ${bad ? "border-red-300 bg-red-50" : "border-slate-300 bg-slate-50"}`}
    >
      <h2 className="text-base font-semibold text-slate-900">{outcomeLabel(outcome.status)}</h2>
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
      {newPayoutFrom !== null && RETRYABLE.has(outcome.status) ? (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <Link href={`/payouts/new?from=${newPayoutFrom}`} className={buttonClass}>
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
