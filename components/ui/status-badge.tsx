/**
 * An order status as a coloured word. Final good = green, final bad = red, waiting on a person = amber,
 * in flight = blue, ambiguous (UNKNOWN) = purple so nobody mistakes it for a failure and pays again.
 */
const TONES: Record<string, string> = {
  PENDING_APPROVAL: "bg-amber-100 text-amber-900 ring-amber-300",
  APPROVED: "bg-sky-50 text-sky-800 ring-sky-200",
  SENDING: "bg-sky-100 text-sky-800 ring-sky-300",
  PROCESSING: "bg-sky-100 text-sky-800 ring-sky-300",
  INIT: "bg-sky-100 text-sky-800 ring-sky-300",
  UNKNOWN: "bg-purple-100 text-purple-900 ring-purple-300",
  SUCCESS: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  FAILED: "bg-red-100 text-red-900 ring-red-300",
  NOT_ACCEPTED: "bg-red-100 text-red-900 ring-red-300",
  REJECTED: "bg-slate-200 text-slate-800 ring-slate-300",
  EXPIRED: "bg-slate-200 text-slate-800 ring-slate-300",
  CANCELLED: "bg-slate-200 text-slate-800 ring-slate-300",
};

export function statusLabel(status: string): string {
  const words = status.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function StatusBadge({ status }: { status: string }) {
  const tone = TONES[status] ?? "bg-slate-100 text-slate-800 ring-slate-300";
  return (
    <span
      data-testid="status-badge"
      data-status={status}
      className={`inline-flex items-center whitespace-nowrap rounded px-2 py-0.5 text-xs font-semibold ring-1 ${tone}`}
    >
      {statusLabel(status)}
    </span>
  );
}
