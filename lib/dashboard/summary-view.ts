import type { LiveEvent } from "@/lib/events/read-events";

/** What GET /api/dashboard returns (components import these with `import type`). Money: minor units + display. */
export interface TodayRow {
  type: "payout" | "payin";
  region: string;
  status: string;
  count: number;
  volumeMinor: string;
  volumeDisplay: string;
}

export interface RegionToday {
  region: string;
  name: string;
  currency: string;
  utcOffsetMinutes: number;
  /** The region's local midnight today, as an instant. */
  dayStart: string;
  rows: TodayRow[];
}

export interface NeedsItem {
  id: number;
  orderNo: string;
  amountDisplay: string;
  /** Since when it waits (created, last changed, flagged). */
  since: string;
  reason: string | null;
  href: string;
}

export interface RefusedCallbackItem {
  id: number;
  receivedAt: string;
  outcome: string;
  orderNo: string | null;
  error: string | null;
  href: string | null;
}

export interface DashboardSummary {
  generatedAt: string;
  regions: RegionToday[];
  /** Orders that reached a final status, per UTC hour of the last 24 hours. */
  chart: { hour: string; status: string; count: number }[];
  needs: {
    pendingApproval: { total: number; items: NeedsItem[] };
    unknown: { total: number; items: NeedsItem[] };
    flagged: { total: number; items: NeedsItem[] };
    refusedCallbacks: RefusedCallbackItem[];
  };
  latest: LiveEvent[];
}
