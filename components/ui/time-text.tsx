"use client";

import { formatDateTime as formatTime, formatUtc } from "@/lib/words/date-time";

/**
 * A moment in the viewer's time zone (the browser's), the exact UTC stamp in its tooltip, and, for gateway
 * times, the region's local clock beside it ("· Manila 22:03:07 GMT+8"). Rendered in the browser, so the
 * server's zone never shows (suppressHydrationWarning: the server may render it in UTC first).
 */
export function TimeText({ at, local }: { at: string | null | undefined; local?: { zone: string; city: string } | null }) {
  if (!at) return <span>—</span>;
  const mine = formatTime(at);
  const theirs = local ? formatTime(at, { timeZone: local.zone, dateStyle: "time" }) : null;
  return (
    <span className="whitespace-normal">
      <time dateTime={at} title={formatUtc(at)} suppressHydrationWarning data-testid="time-text">
        {mine}
      </time>
      {theirs && !sameClock(theirs, mine) ? (
        <span className="text-xs text-slate-500" suppressHydrationWarning data-testid="time-local">
          {` · ${local?.city} ${theirs}`}
        </span>
      ) : null}
    </span>
  );
}

/** The viewer is in the region's zone already: saying the same time twice helps nobody. */
function sameClock(theirs: string, mine: string): boolean {
  return mine.endsWith(theirs);
}
