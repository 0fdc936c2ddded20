import type { BatchProgress } from "@/lib/payout-batches/batch-view";

const PARTS: ReadonlyArray<[keyof BatchProgress, string, string]> = [
  ["success", "Success", "bg-emerald-600"],
  ["failed", "Failed", "bg-red-600"],
  ["unknown", "Unknown", "bg-amber-500"],
  ["processing", "Processing", "bg-sky-500"],
  ["sent", "Sent", "bg-indigo-500"],
  ["cancelled", "Cancelled", "bg-slate-400"],
  ["waiting", "Not sent yet", "bg-slate-200"],
];

/** The run's rows by where they are, as one bar and as counts; it moves as the live stream refetches the run. */
export function RunProgress({ progress, total, paused = false }: { progress: BatchProgress; total: number; paused?: boolean }) {
  return (
    <div className="space-y-2" data-testid="run-progress">
      {paused ? (
        <p className="text-sm font-medium text-amber-900" role="status" data-testid="run-paused">
          Paused: the {progress.waiting} rows not sent yet wait for a resume; rows already sent settle.
        </p>
      ) : null}
      <div
        className={`flex h-4 w-full overflow-hidden rounded bg-slate-100 ${paused ? "opacity-60" : ""}`}
        role="img"
        aria-label={`${paused ? "Paused. " : ""}${PARTS.map(([k, l]) => `${l} ${progress[k]}`).join(", ")}`}
      >
        {PARTS.map(([k, , cls]) => (progress[k] > 0 ? <div key={k} className={cls} style={{ width: `${(100 * progress[k]) / Math.max(total, 1)}%` }} /> : null))}
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4 lg:grid-cols-7">
        {PARTS.map(([k, label, cls]) => (
          <div key={k} className="flex items-center gap-1.5">
            <span className={`inline-block h-2.5 w-2.5 rounded-sm ${cls}`} aria-hidden />
            <dt className="text-slate-600">{label}</dt>
            <dd className="font-mono" data-testid={`run-count-${k}`}>
              {progress[k]}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
