"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useRef, useState } from "react";

/** Shown only when a page takes longer than this to arrive: quick navigations do not flash. */
const SHOW_AFTER_MS = 150;

function isInAppNavigation(e: MouseEvent): string | null {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return null;
  const a = (e.target as Element | null)?.closest?.("a[href]");
  if (!(a instanceof HTMLAnchorElement) || (a.target && a.target !== "_self") || a.hasAttribute("download")) return null;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  const here = `${window.location.pathname}${window.location.search}`;
  const there = `${url.pathname}${url.search}`;
  return there === here ? null : there;
}

function Bar() {
  const pathname = usePathname();
  const search = useSearchParams();
  const here = `${pathname}?${search.toString()}`;
  const hereRef = useRef(here);
  useEffect(() => {
    hereRef.current = here;
  });
  // The page a navigation started from; the bar shows while that page is still the one on screen.
  const [from, setFrom] = useState<{ page: string; at: number } | null>(null);
  const [shownFor, setShownFor] = useState<number | null>(null);
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (isInAppNavigation(e)) setFrom({ page: hereRef.current, at: Date.now() });
    };
    // Capture: Next's <Link> cancels the click's default in React's own (bubbling) listener on the document.
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, []);
  useEffect(() => {
    if (!from) return;
    const t = setTimeout(() => setShownFor(from.at), SHOW_AFTER_MS);
    return () => clearTimeout(t);
  }, [from]);
  const visible = from !== null && shownFor === from.at && from.page === here;
  if (!visible) return null;
  return (
    <div role="progressbar" aria-label="Loading the page" data-testid="navigation-progress" className="fixed inset-x-0 top-0 z-50 h-1 overflow-hidden bg-sky-100">
      <div className="h-full w-1/3 animate-[nav-progress_1.2s_ease-in-out_infinite] bg-sky-600" />
    </div>
  );
}

/** A thin bar at the top of the window while a page the person asked for is loading. */
export function NavigationProgress() {
  return (
    <Suspense fallback={null}>
      <Bar />
    </Suspense>
  );
}
