"use client";

import { formatDateTime } from "@/lib/words/date-time";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { DashboardSummary } from "@/lib/dashboard/summary-view";
import { apiFetch } from "@/lib/http/api-fetch";
import { BalancesPanel } from "./balances-panel";
import { FinalChart } from "./final-chart";
import { LatestEvents } from "./latest-events";
import { NeedsPerson } from "./needs-person";
import { TodayTable } from "./today-table";

/** A clock for ages on screen (no server request). */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** The overview: today per region, the last 24 h, what needs a person, the latest events, balances. Live. */
export function Dashboard() {
  const now = useNow(15_000);
  // Refetched by the tab's event stream (components/live) when orders move; never polled.
  const q = useQuery({ queryKey: ["dashboard", "summary"], queryFn: () => apiFetch<DashboardSummary>("/api/dashboard") });
  if (q.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  const failed = q.error ? (
    <p role="alert" className="text-sm text-red-700">
      {q.error.message}
    </p>
  ) : null;
  // A failed refresh keeps the last numbers on screen (with the error above them): the panels stay, and so does
  // what the stream has shown.
  if (!q.data) return failed;
  const s = q.data;
  return (
    <div className="space-y-6" data-testid="dashboard" data-generated-at={s.generatedAt}>
      {failed}
      <section aria-label="Today" className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="font-medium">Today, per region (each region&apos;s own day)</h2>
          <span className="text-xs text-slate-500">as of <span suppressHydrationWarning>{formatDateTime(s.generatedAt)}</span>, updated as orders move</span>
        </div>
        <div className="grid gap-4 sm:grid-cols-2 [&>*]:min-w-0">
          {s.regions.map((r) => (
            <TodayTable key={r.region} region={r} />
          ))}
        </div>
      </section>
      <FinalChart chart={s.chart} generatedAt={s.generatedAt} />
      {/* Names and ids the app did not choose (a run's file name, a refused callback's orderNo, a gateway's message)
          may be one long token: here they wrap anywhere, and no column grows past the screen to fit one (min-w-0). */}
      <div className="grid gap-6 lg:grid-cols-2 [overflow-wrap:anywhere] [&>*]:min-w-0">
        <NeedsPerson needs={s.needs} now={now} />
        <LatestEvents initial={s.latest} />
      </div>
      <BalancesPanel />
    </div>
  );
}
