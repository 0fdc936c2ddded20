import type { OrderType } from "@/lib/order-status/transitions";
import { statusMeaning, statusTone, statusWord, type Tone } from "@/lib/words/statuses";

/**
 * An order status as a coloured word (lib/words/statuses.ts), the same on every list, filter, page and timeline;
 * the wire code in its tooltip and `data-status`. Good = green, bad = red, waiting on a person = amber, moving =
 * blue, unclear (UNKNOWN) = purple so nobody mistakes it for a failure and pays again.
 */
const TONES: Record<Tone, string> = {
  waiting: "bg-amber-100 text-amber-900 ring-amber-300",
  moving: "bg-sky-100 text-sky-800 ring-sky-300",
  unclear: "bg-purple-100 text-purple-900 ring-purple-300",
  good: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  bad: "bg-red-100 text-red-900 ring-red-300",
  stopped: "bg-slate-200 text-slate-800 ring-slate-300",
};

export function StatusBadge({ status, kind = "payout" }: { status: string; kind?: OrderType }) {
  const tone = statusTone(kind, status);
  const means = statusMeaning(kind, status);
  return (
    <span
      data-testid="status-badge"
      data-status={status}
      title={`${means ? `${means} ` : ""}(status code ${status})`}
      className={`inline-flex items-center whitespace-nowrap rounded px-2 py-0.5 text-xs font-semibold ring-1 ${tone ? TONES[tone] : "bg-slate-100 text-slate-800 ring-slate-300"}`}
    >
      {statusWord(kind, status)}
    </span>
  );
}
