"use client";

import Link from "next/link";
import { useMemo, useState, type FormEvent } from "react";
import { OrderList, useUrlFilters } from "@/components/orders/order-list";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { PAYIN_STATUSES } from "@/lib/payins/schemas";
import { PAYIN_COLUMNS } from "./payin-columns";
import { withViewerZone } from "@/lib/words/date-time";
import { useViewerTimeZone } from "@/components/ui/use-viewer-zone";
import { payinMethodOptions } from "@/lib/words/methods";
import { statusWord } from "@/lib/words/statuses";
import { Options } from "@/components/ui/options";
import { keysFromParams, keysToQuery } from "@/components/payouts/list-filters";

const KEYS = ["status", "method", "q", "from", "to"] as const;
type Filters = Partial<Record<(typeof KEYS)[number], string>>;

const toQuery = (f: Filters, extra?: Record<string, string | null | number>) => keysToQuery(KEYS, f, extra);

/** The pay-in list: filters in the URL, keyset "Load more", CSV export of the same filters; statuses live. */
export function PayinsList({ canCreate }: { canCreate: boolean }) {
  const { params, go } = useUrlFilters();
  const filters = useMemo(() => keysFromParams(KEYS, params), [params]);
  const query = toQuery(filters);
  const [draft, setDraft] = useState<Filters>(filters);
  const tz = useViewerTimeZone();
  const apply = (e: FormEvent) => {
    e.preventDefault();
    go(toQuery(draft));
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const actions = (
    <div className="flex gap-2">
      <a href={`/api/payins/export?${withViewerZone(query, tz)}`} className={secondaryButtonClass} download>
        Export CSV
      </a>
      {canCreate ? (
        <Link href="/payins/new" className={buttonClass}>
          New pay-in
        </Link>
      ) : null}
    </div>
  );
  const form = (
    <form onSubmit={apply} aria-label="Filters" className="grid items-end gap-2 rounded-lg border bg-white p-3 sm:grid-cols-6">
      <select aria-label="Status" className={inputClass} value={draft.status ?? ""} onChange={set("status")}>
        <option value="">Any status</option>
        <Options items={PAYIN_STATUSES.map((s) => [s, statusWord("payin", s), `Status code ${s}`])} />
      </select>
      <select aria-label="Method" className={inputClass} value={draft.method ?? ""} onChange={set("method")}>
        <option value="">Any method</option>
        <Options items={payinMethodOptions().map((m) => [m.code, m.name, `Method code ${m.code}`])} />
      </select>
      <label className="text-xs text-slate-600">
        From (your day)
        <input aria-label="From" type="date" className={inputClass} value={draft.from ?? ""} onChange={set("from")} />
      </label>
      <label className="text-xs text-slate-600">
        To (your day)
        <input aria-label="To" type="date" className={inputClass} value={draft.to ?? ""} onChange={set("to")} />
      </label>
      <input aria-label="orderNo or tradeNo" placeholder="orderNo or tradeNo" className={inputClass} value={draft.q ?? ""} onChange={set("q")} />
      <button type="submit" className={secondaryButtonClass}>
        Apply
      </button>
    </form>
  );
  return <OrderList kind="payin" title="Pay-ins" columns={PAYIN_COLUMNS} query={query} pageQuery={(cursor) => toQuery(filters, { cursor, limit: 50 })} actions={actions} filters={() => form} />;
}
