"use client";

import Link from "next/link";
import { useState } from "react";
import { useLiveEvents } from "@/components/live/live-events";
import { formatDateTime } from "@/lib/words/date-time";
import { statusWord } from "@/lib/words/statuses";
import { sourceWord } from "@/lib/words/timeline";
import type { LiveEvent } from "@/lib/events/read-events";

const KEEP = 50;

/**
 * The latest order events: every event the tab's stream delivers, newest first, over the server's latest list (the
 * summary, refetched as orders move), which fills in whatever the stream could not bring (a gap while this panel
 * was away). An event the stream delivered is not repeated from the list; one it delivered twice would show twice.
 */
export function LatestEvents({ initial }: { initial: LiveEvent[] }) {
  const [live, setLive] = useState<LiveEvent[]>([]);
  const state = useLiveEvents((e) => setLive((xs) => [e, ...xs].slice(0, KEEP)));
  const fromStream = new Set(live.map((e) => e.id));
  const rows = [...live, ...initial.filter((e) => !fromStream.has(e.id))].sort((a, b) => b.id - a.id).slice(0, KEEP);
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Latest events">
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-medium">Latest events</h2>
        <span className="text-xs text-slate-500" data-testid="live-state" data-state={state}>
          {state === "live" ? "● live" : state === "connecting" ? "reconnecting…" : "live updates off"}
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No events yet.</p>
      ) : (
        <ol className="mt-2 divide-y divide-slate-100 text-sm">
          {rows.map((e, i) => (
            <li key={`${e.id}-${i}`} className="flex flex-wrap items-baseline gap-x-3 py-1" data-testid="live-event" data-event-id={e.id}>
              <span className="text-xs tabular-nums text-slate-500" suppressHydrationWarning>{formatDateTime(e.at, { dateStyle: "time" })}</span>
              <Link href={`/${e.type === "payout" ? "payouts" : "payins"}/${e.orderId}`} className="font-mono text-blue-700 underline-offset-2 hover:underline">
                {e.orderNo}
              </Link>
              <span>
                {e.from ? `${statusWord(e.type, e.from)} → ` : ""}
                <strong title={e.to}>{statusWord(e.type, e.to)}</strong>
              </span>
              <span className="text-xs text-slate-500">
                {e.amountDisplay} · {sourceWord(e.source)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
