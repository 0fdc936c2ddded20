import Link from "next/link";
import type { DashboardSummary, NeedsItem } from "@/lib/dashboard/summary-view";
import { ageText } from "./time-text";

function Group({ title, total, items, now, empty, ageLabel }: { title: string; total: number; items: NeedsItem[]; now: number; empty: string; ageLabel: string }) {
  return (
    <div data-testid={`needs-${title.toLowerCase().replace(/\W+/g, "-")}`} data-total={total}>
      <h3 className="text-sm font-medium">
        {title} <span className="text-slate-500">({total.toLocaleString()})</span>
      </h3>
      {items.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="mt-1 divide-y divide-slate-100 text-sm">
          {items.map((i) => (
            <li key={i.id} className="flex flex-wrap items-baseline justify-between gap-x-3 py-1">
              <Link href={i.href} className="font-mono text-blue-700 underline-offset-2 hover:underline">
                {i.orderNo}
              </Link>
              <span className="tabular-nums">{i.amountDisplay}</span>
              <span className="text-xs text-slate-500">
                {ageLabel} {ageText(i.since, now)}
                {i.reason ? ` · ${i.reason}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What a person must look at: approvals waiting (oldest first), UNKNOWN, flagged, refused callbacks this hour. */
export function NeedsPerson({ needs, now }: { needs: DashboardSummary["needs"]; now: number }) {
  return (
    <section id="needs-a-person" className="scroll-mt-4 space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Needs a person">
      <h2 className="font-medium">Needs a person</h2>
      <Group title="Waiting for approval" {...needs.pendingApproval} now={now} empty="Nothing waits for approval." ageLabel="waiting" />
      <Group title="Outcome unknown" {...needs.unknown} now={now} empty="No pay-out with an unknown outcome." ageLabel="for" />
      <Group title="Flagged" {...needs.flagged} now={now} empty="Nothing flagged." ageLabel="flagged" />
      <div data-testid="needs-refused-callbacks" data-total={needs.refusedCallbacks.length}>
        <h3 className="text-sm font-medium">
          Refused callbacks, last hour <span className="text-slate-500">({needs.refusedCallbacks.length})</span>
        </h3>
        {needs.refusedCallbacks.length === 0 ? (
          <p className="text-sm text-slate-500">None refused.</p>
        ) : (
          <ul className="mt-1 divide-y divide-slate-100 text-sm">
            {needs.refusedCallbacks.map((c) => (
              <li key={c.id} className="flex flex-wrap items-baseline justify-between gap-x-3 py-1">
                {c.href ? (
                  <Link href={c.href} className="font-mono text-blue-700 underline-offset-2 hover:underline">
                    {c.orderNo ?? "order"}
                  </Link>
                ) : (
                  <span className="font-mono">{c.orderNo ?? "no order named"}</span>
                )}
                <span className="text-xs text-slate-500">
                  {c.outcome} · {ageText(c.receivedAt, now)} ago
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
