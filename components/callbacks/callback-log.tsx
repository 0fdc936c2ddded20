"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Field, buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { TimeText } from "@/components/ui/time-text";
import type { CallbackLogPage } from "@/lib/callbacks/callback-log-view";
import { CALLBACK_OUTCOMES, callbackLogFilterSchema, type CallbackLogFilterInput } from "@/lib/callbacks/log-schemas";
import { apiFetch } from "@/lib/http/api-fetch";
import type { listMerchantOptions } from "@/lib/merchants/list-merchant-options";
import { CallbackEntry } from "./callback-entry";

const KEYS = ["outcome", "merchantId", "order", "from", "to"] as const;

/** The callback log: filters, newest first with "Load more" (keyset), refused callbacks per source address. */
export function CallbackLog() {
  const [draft, setDraft] = useState<Record<(typeof KEYS)[number], string>>({ outcome: "", merchantId: "", order: "", from: "", to: "" });
  const [filter, setFilter] = useState<CallbackLogFilterInput>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const q = useInfiniteQuery({
    queryKey: ["callbacks", filter],
    initialPageParam: "",
    queryFn: ({ pageParam }) => {
      const s = new URLSearchParams();
      for (const k of KEYS) if (filter[k]) s.set(k, String(filter[k]));
      if (pageParam) s.set("cursor", pageParam);
      return apiFetch<CallbackLogPage>(`/api/callbacks?${s.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    const r = callbackLogFilterSchema.safeParse(draft);
    if (!r.success) {
      setErrors(Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    setFilter({ ...draft, outcome: r.data.outcome });
  };
  // Credentials by name (the filter still sends the id the API takes).
  const credentials = useQuery({
    queryKey: ["merchant-options"],
    queryFn: () => apiFetch<Awaited<ReturnType<typeof listMerchantOptions>>>("/api/merchants/options"),
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const refusals = q.data?.pages[0]?.refusals ?? [];
  const set = (k: (typeof KEYS)[number]) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft({ ...draft, [k]: e.target.value });

  return (
    <div className="space-y-4">
      <form onSubmit={apply} className="grid grid-cols-1 gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end">
        <Field id="outcome" label="Outcome" error={errors.outcome}>
          <select id="outcome" className={inputClass} value={draft.outcome} onChange={set("outcome")}>
            <option value="">any</option>
            {CALLBACK_OUTCOMES.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </Field>
        <Field id="merchantId" label="Credential" error={errors.merchantId}>
          <select id="merchantId" className={inputClass} value={draft.merchantId} onChange={set("merchantId")}>
            <option value="">Any credential</option>
            {(credentials.data ?? []).map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.name} ({c.merchantId})
              </option>
            ))}
          </select>
        </Field>
        <Field id="order" label="orderNo or tradeNo" error={errors.order}>
          <input id="order" className={inputClass} value={draft.order} onChange={set("order")} />
        </Field>
        <Field id="from" label="From (UTC day)" error={errors.from}>
          <input id="from" type="date" className={inputClass} value={draft.from} onChange={set("from")} />
        </Field>
        <Field id="to" label="To (UTC day)" error={errors.to}>
          <input id="to" type="date" className={inputClass} value={draft.to} onChange={set("to")} />
        </Field>
        <button type="submit" className={buttonClass}>
          Filter
        </button>
      </form>

      <section aria-label="Refused callbacks per source" className="space-y-1">
        <h2 className="font-semibold">Refused in the last 24 hours, per source address</h2>
        {refusals.length === 0 ? (
          <p className="text-sm text-slate-500">None.</p>
        ) : (
          <ul className="text-sm" data-testid="refusals">
            {refusals.map((r) => (
              <li key={r.remoteIp}>
                <span className="font-mono">{r.remoteIp}</span>: {r.count} ({r.reasons.join(", ")}), last <TimeText at={r.lastAt} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {q.error ? (
        <p role="alert" className="text-sm text-red-700">
          {q.error.message}
        </p>
      ) : null}
      {q.isPending ? <p className="text-sm text-slate-500">Loading…</p> : null}
      {!q.isPending && items.length === 0 ? <p className="text-sm text-slate-500">No callbacks match.</p> : null}
      <ul className="space-y-2">
        {items.map((cb) => (
          <CallbackEntry key={cb.id} cb={cb} onChanged={async () => void (await q.refetch())} />
        ))}
      </ul>
      {q.hasNextPage ? (
        <button type="button" className={secondaryButtonClass} disabled={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>
          {q.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </div>
  );
}
