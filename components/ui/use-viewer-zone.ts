"use client";

import { useSyncExternalStore } from "react";
import { viewerTimeZone } from "@/lib/words/date-time";

const unchanging = () => () => {};

/** The browser's time zone; undefined while the server renders and during hydration (so the markup agrees). */
export function useViewerTimeZone(): string | undefined {
  return useSyncExternalStore(unchanging, viewerTimeZone, () => undefined);
}
