"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { inputClass } from "@/components/ui/field";
import { apiFetch } from "@/lib/http/api-fetch";
import type { OrderSearchResult } from "@/lib/orders/search-orders";
import type { SavedSearchView } from "@/lib/saved-searches/list-saved-searches";

/**
 * The search in every page's header: `/` focuses it; an exact orderNo or tradeNo opens the order, anything else
 * opens the results on /orders. Saved searches are listed under it while it has focus.
 */
export function HeaderSearch() {
  const router = useRouter();
  const ref = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const saved = useQuery({ queryKey: ["saved-searches"], queryFn: () => apiFetch<SavedSearchView[]>("/api/saved-searches"), enabled: open });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        ref.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const go = async (text: string) => {
    const v = text.trim();
    setError(null);
    if (!v) return router.push("/orders");
    try {
      const res = await apiFetch<OrderSearchResult>(`/api/orders?${new URLSearchParams({ q: v, limit: "5" }).toString()}`);
      setOpen(false);
      if (res.exact) router.push(`/${res.exact.type}s/${res.exact.id}`);
      else router.push(`/orders?${new URLSearchParams({ q: v }).toString()}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Search failed");
    }
  };

  return (
    <div className="relative w-full md:w-96" onBlur={(e) => (e.currentTarget.contains(e.relatedTarget) ? null : setOpen(false))}>
      <form role="search" aria-label="Order search" onSubmit={(e) => (e.preventDefault(), void go(q))}>
        <input
          ref={ref}
          id="header-search"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onFocus={() => setOpen(true)}
          placeholder="Find an order: tradeNo, orderNo, last 4 digits, name  ( / )"
          aria-label="Find an order"
          className={inputClass}
          autoComplete="off"
        />
      </form>
      {error ? <p role="alert" className="mt-1 text-xs text-red-700">{error}</p> : null}
      {open && (saved.data?.length ?? 0) > 0 ? (
        <ul className="absolute z-20 mt-1 w-full rounded border bg-white py-1 text-sm shadow-lg" aria-label="Saved searches" data-testid="saved-search-menu">
          {saved.data?.map((s) => (
            <li key={s.id}>
              <a className="block px-3 py-2 hover:bg-slate-100" href={`/orders?${new URLSearchParams(s.query).toString()}`}>
                {s.name}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
