"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState, type ReactNode } from "react";
import type { NavItem } from "@/lib/auth/navigation";

/** The header: a row of links from md up; below that, a Menu button that opens the same links as a list. */
export function AppNav({
  items,
  userLabel,
  roleLabel,
  badges = {},
  bell = null,
}: {
  items: NavItem[];
  userLabel: string;
  roleLabel: string;
  /** A count beside a link (pending changes); zero shows nothing. */
  badges?: Record<string, number>;
  /** The notifications bell (components/layout/notification-bell.tsx); beside the Menu button on a phone. */
  bell?: ReactNode;
}) {
  const pathname = usePathname();
  // The menu belongs to the page it was opened on: navigating closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (next: boolean | ((o: boolean) => boolean)) =>
    setOpenOn((typeof next === "function" ? next(open) : next) ? pathname : null);
  return (
    <header className="border-b border-slate-200 bg-white print:hidden">
      {/* Wider than the page below, and nothing inside a link wraps: an admin's whole header is one line at 1440 px;
          narrower, the links wrap inside their own box and the bell stays at the top right. */}
      <div className="mx-auto flex max-w-[1440px] flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 md:flex-nowrap">
        <Link href="/" className="flex min-w-0 items-center gap-2 font-semibold text-slate-900">
          {/* eslint-disable-next-line @next/next/no-img-element -- a 24 px static SVG needs no optimisation */}
          <img src="/icon.svg" alt="" width={24} height={24} />
          {/* Short where room is tight: a phone (name, bell and Menu on one row) and 1280-1535 px (an admin's eight links). */}
          <span className="truncate whitespace-nowrap">
            Smilepayz<span className="hidden sm:inline xl:hidden 2xl:inline"> back-office</span>
          </span>
        </Link>
        <div className="ml-auto md:order-last md:ml-0">{bell}</div>
        <button
          type="button"
          className="rounded border border-slate-300 px-3 py-1.5 text-sm md:hidden"
          aria-expanded={open}
          aria-controls="main-menu"
          onClick={() => setOpen((o) => !o)}
        >
          {open ? "Close" : "Menu"}
        </button>
        <div id="main-menu" className={`${open ? "flex" : "hidden"} w-full flex-col gap-3 md:flex md:w-auto md:min-w-0 md:flex-1 md:flex-row md:items-center`}>
          <nav aria-label="Main" className="flex flex-1 flex-col gap-1 md:flex-row md:flex-wrap xl:gap-0.5 min-[1400px]:flex-nowrap">
            {items.map((item) => {
              // The longest matching link is the active one (/payouts/runs is Runs, not Pay-outs too).
              const matches = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));
              const active = matches(item.href) && !items.some((o) => o.href.length > item.href.length && matches(o.href));
              return (
                <Link
                  key={item.href}
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  className={`whitespace-nowrap rounded px-3 py-2 text-sm md:py-1.5 xl:px-2 ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
                >
                  {item.label}
                  {badges[item.href] ? (
                    <span
                      className="ml-1.5 rounded-full bg-amber-500 px-1.5 py-0.5 text-xs font-semibold text-white"
                      data-testid={`nav-badge-${item.href.slice(1)}`}
                      aria-label={`${badges[item.href]} waiting`}
                    >
                      {badges[item.href]}
                    </span>
                  ) : null}
                </Link>
              );
            })}
          </nav>
          <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3 text-sm md:border-0 md:pt-0 xl:flex-nowrap">
            <span className="flex min-w-0 items-baseline gap-1 text-slate-600" title={userLabel} data-testid="current-user">
              <span className="min-w-0 break-all xl:max-w-[10rem] xl:truncate">{userLabel}</span>
              <span className="whitespace-nowrap">
                · <span className="font-medium">{roleLabel}</span>
              </span>
            </span>
            <button
              type="button"
              onClick={() => void signOut({ callbackUrl: "/sign-in" })}
              className="whitespace-nowrap rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
            >
              Sign out
            </button>
          </div>
        </div>
      </div>
    </header>
  );
}
