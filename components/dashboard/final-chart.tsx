"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DashboardSummary } from "@/lib/dashboard/summary-view";

const COLORS: Record<string, string> = {
  SUCCESS: "#16a34a",
  FAILED: "#dc2626",
  EXPIRED: "#d97706",
  CANCELLED: "#64748b",
  REJECTED: "#7c3aed",
  NOT_ACCEPTED: "#0891b2",
};

/** Orders that ended in the last 24 hours, per hour (the viewer's clock) and final status, stacked. */
export function FinalChart({ chart, generatedAt }: { chart: DashboardSummary["chart"]; generatedAt: string }) {
  const end = new Date(generatedAt);
  end.setUTCMinutes(0, 0, 0);
  const hours = Array.from({ length: 24 }, (_, i) => new Date(end.getTime() - (23 - i) * 3_600_000).toISOString());
  const statuses = [...new Set(chart.map((c) => c.status))].sort();
  const data = hours.map((h) => {
    const row: Record<string, number | string> = { hour: new Date(h).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }) };
    for (const s of statuses) row[s] = chart.find((c) => c.hour === h && c.status === s)?.count ?? 0;
    return row;
  });
  const total = chart.reduce((n, c) => n + c.count, 0);
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Last 24 hours" data-testid="final-chart" data-total={total}>
      <h2 className="font-medium">Last 24 hours: orders per hour by final status</h2>
      <p className="text-xs text-slate-500">{total.toLocaleString()} orders ended (pay-outs and pay-ins), by the hour they ended, your time.</p>
      <div className="mt-3 h-64 w-full min-w-0">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 4, bottom: 4, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="hour" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {statuses.map((s) => (
              <Bar key={s} dataKey={s} stackId="final" fill={COLORS[s] ?? "#94a3b8"} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
