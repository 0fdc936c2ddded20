"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import { orderSearchSchema, type OrderSearchInput } from "@/lib/orders/schemas";
import { REGIONS } from "@/lib/smilepayz/regions";

export type Filters = Record<"q" | "type" | "currency" | "amount" | "from" | "to", string>;
export const FILTER_KEYS = ["q", "type", "currency", "amount", "from", "to"] as const;

/** The search's filters (the one schema checks them here and on the server); submitting puts them in the URL. */
export function OrderFilters({ value, onSearch }: { value: Filters; onSearch: (f: Filters) => void }) {
  const { register, handleSubmit, formState } = useForm<OrderSearchInput>({ resolver: zodResolver(orderSearchSchema), values: value });
  const err = formState.errors;
  return (
    <form
      onSubmit={handleSubmit((v) => onSearch(Object.fromEntries(FILTER_KEYS.map((k) => [k, String(v[k] ?? "")])) as Filters))}
      noValidate
      className="grid grid-cols-2 items-end gap-2 md:grid-cols-7"
      aria-label="Search orders"
    >
      <div className="col-span-2">
        <Field id="q" label="tradeNo, orderNo, last 4 digits or name" error={err.q?.message}>
          <input id="q" className={inputClass} {...register("q")} />
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
          {REGIONS.map((r) => (
            <option key={r.currency} value={r.currency}>
              {r.currency}
            </option>
          ))}
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
