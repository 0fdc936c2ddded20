"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import type { NotificationItem } from "@/lib/notifications/count-notifications";

export const NOTIFICATIONS_KEY = ["notifications"] as const;

type Notifications = { total: number; items: NotificationItem[] };

/** The header never navigates on its own: signed out (401) reads as nothing waiting; the page's guard says why. */
async function readNotifications(): Promise<Notifications> {
  const res = await fetch("/api/notifications", { cache: "no-store" });
  if (res.status === 401) return { total: 0, items: [] };
  if (!res.ok) throw new Error(`Notifications failed (HTTP ${res.status})`);
  return (await res.json()) as Notifications;
}

/**
 * The header's bell: what waits for this person (approvals, their failed pay-outs, flagged orders, pending changes),
 * with the total as a badge. The tab's event stream refetches it when an order moves (components/live); it is read
 * again on every page change and when the tab comes back into view. Each entry opens the page where it is handled.
 */
export function NotificationBell() {
  const pathname = usePathname();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const q = useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: readNotifications,
    refetchOnWindowFocus: true,
  });
  const { refetch } = q;
  useEffect(() => {
    void refetch();
  }, [pathname, refetch]);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !box.current?.contains(e.target as Node)) setOpenOn(null);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);
  const total = q.data?.total ?? 0;
  const items = q.data?.items ?? [];
  return (
    <div ref={box} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={total > 0 ? `Notifications: ${total} waiting` : "Notifications: nothing waiting"}
        data-testid="notification-bell"
        data-total={total}
        onClick={() => setOpenOn(open ? null : pathname)}
        className="relative flex h-9 w-9 items-center justify-center rounded border border-slate-300 hover:bg-slate-100"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.8}>
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {total > 0 ? (
          <span data-testid="notification-count" className="absolute -right-1.5 -top-1.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white">
            {total > 99 ? "99+" : total}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          id={id}
          role="region"
          aria-label="Notifications"
          // On a phone the bell is not at the edge (Menu is): the list spans the screen under the header.
          className="fixed inset-x-4 top-16 z-30 rounded-lg border border-slate-200 bg-white p-2 text-sm shadow-lg md:absolute md:inset-x-auto md:right-0 md:top-auto md:mt-2 md:w-[22rem]"
        >
          {items.length === 0 ? (
            <p className="p-2 text-slate-600">Nothing waits for you.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {items.map((i) => (
                <li key={i.kind}>
                  <Link href={i.href} data-testid={`notification-${i.kind}`} onClick={() => setOpenOn(null)} className="flex items-start gap-2 rounded p-2 hover:bg-slate-50">
                    <span className="mt-0.5 min-w-6 rounded-full bg-slate-900 px-1.5 text-center text-xs font-semibold leading-5 text-white">{i.count}</span>
                    <span className="text-slate-800">{i.label}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
