import { StatusBadge } from "@/components/ui/status-badge";
import type { RegionToday } from "@/lib/dashboard/summary-view";
import { clockAt, offsetText, viewerClock } from "./time-text";

/** Today's orders of one region (its own day), per type and status, with counts and volumes. */
export function TodayTable({ region }: { region: RegionToday }) {
  const total = region.rows.reduce((n, r) => n + r.count, 0);
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label={`Today in ${region.name}`} data-testid={`today-${region.region}`}>
      <h3 className="font-medium">
        {region.name} <span className="text-sm font-normal text-slate-500">({region.currency})</span>
      </h3>
      <p className="text-xs text-slate-500">
        since {clockAt(region.dayStart, region.utcOffsetMinutes)} UTC{offsetText(region.utcOffsetMinutes)} ({viewerClock(region.dayStart)} your time)
      </p>
      {total === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No orders today.</p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1 font-normal">Status</th>
              <th className="py-1 text-right font-normal">Orders</th>
              <th className="py-1 text-right font-normal">Volume</th>
            </tr>
          </thead>
          <tbody>
            {region.rows.map((r) => (
              <tr key={`${r.type}-${r.status}`} className="border-t border-slate-100" data-testid="today-row" data-type={r.type} data-status={r.status} data-count={r.count} data-volume={r.volumeMinor}>
                {/* Status words are longer than codes: the cell wraps (kind above its badge) so a phone never scrolls sideways. */}
                <td className="py-1">
                  <span className="mr-1 whitespace-nowrap text-xs text-slate-500">{r.type === "payout" ? "Pay-out" : "Pay-in"}</span>
                  <StatusBadge status={r.status} kind={r.type} />
                </td>
                <td className="py-1 text-right tabular-nums">{r.count.toLocaleString()}</td>
                <td className="whitespace-nowrap py-1 pl-2 text-right tabular-nums">{r.volumeDisplay}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
