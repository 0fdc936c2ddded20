"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useRef } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import { orderSearchSchema, type OrderSearchInput } from "@/lib/orders/schemas";
import { REGIONS } from "@/lib/smilepayz/regions";
import { Options } from "@/components/ui/options";

export type Filters = Record<"q" | "type" | "currency" | "amount" | "from" | "to", string>;
export const FILTER_KEYS = ["q", "type", "currency", "amount", "from", "to"] as const;

/** Results follow the search box this long after the last key. */
export const TYPING_DEBOUNCE_MS = 300;

/**
 * Digits alone match the end of an account or wallet number, from 4 digits on: fewer say so instead of searching.
 * (Letters and ids are searched as they are.) Pure.
 */
export function searchHint(q: string | undefined): string | null {
  const digits = (q ?? "").replace(/[\s-]/g, "");
  return /^\d{1,3}$/.test(digits) ? `Type at least 4 digits to search by the end of an account number (${digits.length} so far).` : null;
}

/**
 * The search's filters (the one schema checks them here and on the server); submitting puts them in the URL, and so
 * does a pause in typing in the search box (`live`: the URL is replaced, not pushed, so Back skips the keystrokes).
 */
export function OrderFilters({ value, onSearch }: { value: Filters; onSearch: (f: Filters, how?: { live: boolean }) => void }) {
  const { register, handleSubmit, formState, control } = useForm<OrderSearchInput>({ resolver: zodResolver(orderSearchSchema), values: value });
  const err = formState.errors;
  const toFilters = (v: OrderSearchInput) => Object.fromEntries(FILTER_KEYS.map((k) => [k, String(v[k] ?? "")])) as Filters;
  const q = useWatch({ control, name: "q" }) ?? "";
  const hint = searchHint(q);
  const shown = value.q ?? "";
  const latest = useRef({ handleSubmit, onSearch, toFilters });
  useEffect(() => {
    latest.current = { handleSubmit, onSearch, toFilters };
  });
  useEffect(() => {
    // The URL already says this (a search was made): nothing to do.
    if (q.trim() === shown.trim() || searchHint(q)) return;
    const t = setTimeout(() => {
      const { handleSubmit: submit, onSearch: search, toFilters: filtersOf } = latest.current;
      void submit((v) => search(filtersOf(v), { live: true }))();
    }, TYPING_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [q, shown]);
  return (
    <form
      onSubmit={handleSubmit((v) => {
        if (!searchHint(v.q)) onSearch(toFilters(v));
      })}
      noValidate
      className="grid grid-cols-2 items-end gap-2 md:grid-cols-7"
      aria-label="Search orders"
    >
      <div className="col-span-2">
        <Field id="q" label="tradeNo, orderNo, last 4 digits or name" error={err.q?.message} hint={hint ?? undefined}>
          <input id="q" className={inputClass} autoComplete="off" aria-invalid={!!err.q} {...register("q")} />
        </Field>
      </div>
      <Field id="type" label="Type">
        <select id="type" className={inputClass} {...register("type")}>
          <option value="">Both</option>
          <option value="payout">Pay-outs</option>
          <option value="payin">Pay-ins</option>
        </select>
      </Field>
      <Field id="currency" label="Currency" error={err.currency?.message}>
        <select id="currency" className={inputClass} {...register("currency")}>
          <option value="">Any</option>
          <Options items={REGIONS.map((r) => [r.currency, r.currency])} />
        </select>
      </Field>
      <Field id="amount" label="Amount" error={err.amount?.message}>
        <input id="amount" inputMode="decimal" className={inputClass} {...register("amount")} />
      </Field>
      <Field id="from" label="From" error={err.from?.message}>
        <input id="from" type="date" className={inputClass} {...register("from")} />
      </Field>
      <Field id="to" label="To" error={err.to?.message}>
        <input id="to" type="date" className={inputClass} {...register("to")} />
      </Field>
      <button type="submit" className={`${buttonClass} col-span-2 md:col-span-1`}>
        Search
      </button>
    </form>
  );
}
