"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type Resolver } from "react-hook-form";
import { Field, buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import type { listMerchantOptions } from "@/lib/merchants/list-merchant-options";
import { PAYOUT_STATUSES, listPayoutsSchema, type ListPayoutsInput } from "@/lib/payouts/schemas";
import { REGIONS } from "@/lib/smilepayz/regions";
import { statusWord } from "@/lib/words/statuses";
import { withViewerZone } from "@/lib/words/date-time";
import { useViewerTimeZone } from "@/components/ui/use-viewer-zone";
import { amountFilterProblem, filtersFromParams, filtersToQuery, type PayoutFilters } from "./list-filters";
import { Options } from "@/components/ui/options";

const zod = zodResolver(listPayoutsSchema) as unknown as Resolver<ListPayoutsInput>;

type MerchantOption = Awaited<ReturnType<typeof listMerchantOptions>>[number];

/** The list's filter form (checked with listPayoutsSchema, the API's own); applying writes them to the URL. */
export function PayoutFilterForm({
  filters,
  credentials,
  creators,
  onApply,
}: {
  filters: PayoutFilters;
  credentials: readonly MerchantOption[];
  creators: readonly { id: number; name: string }[];
  onApply: (next: PayoutFilters) => void;
}) {
  const { register, handleSubmit, formState, getValues, setError, reset } = useForm<ListPayoutsInput>({
    // An empty select or box means "no filter": drop it before the API's schema sees it (as the URL does).
    resolver: (values, ctx, opts) => zod(filtersFromParams(new URLSearchParams(values as Record<string, string>)) as ListPayoutsInput, ctx, opts),
    defaultValues: filters as ListPayoutsInput,
  });
  const e = formState.errors;
  const tz = useViewerTimeZone();
  const apply = handleSubmit(() => {
    const raw = filtersFromParams(new URLSearchParams(getValues() as Record<string, string>));
    const problem = amountFilterProblem(raw);
    if (problem) return setError("minAmount", { message: problem });
    onApply(raw);
  });
  return (
    <form onSubmit={apply} noValidate aria-label="Filter pay-outs" className="grid grid-cols-2 gap-3 rounded-lg border bg-white p-4 md:grid-cols-4 xl:grid-cols-8">
      <Field id="f-region" label="Region" error={e.region?.message}>
        <select id="f-region" className={inputClass} {...register("region")}>
          <option value="">All</option>
          <Options items={REGIONS.map((r) => [r.code, r.name])} />
        </select>
      </Field>
      <Field id="f-status" label="Status" error={e.status?.message}>
        <select id="f-status" className={inputClass} {...register("status")}>
          <option value="">All</option>
          <Options items={PAYOUT_STATUSES.map((s) => [s, statusWord("payout", s), `Status code ${s}`])} />
        </select>
      </Field>
      <Field id="f-credential" label="Credential" error={e.credentialId?.message}>
        <select id="f-credential" className={inputClass} {...register("credentialId")}>
          <option value="">All</option>
          <Options items={credentials.map((c) => [String(c.id), c.name])} />
        </select>
      </Field>
      <Field id="f-creator" label="Created by" error={e.createdBy?.message}>
        <select id="f-creator" className={inputClass} {...register("createdBy")}>
          <option value="">Anyone</option>
          <Options items={creators.map((c) => [String(c.id), c.name])} />
        </select>
      </Field>
      <Field id="f-from" label="From (your day)" error={e.from?.message}>
        <input id="f-from" type="date" className={inputClass} {...register("from")} />
      </Field>
      <Field id="f-to" label="To (your day)" error={e.to?.message}>
        <input id="f-to" type="date" className={inputClass} {...register("to")} />
      </Field>
      <Field id="f-min" label="Min amount" error={e.minAmount?.message}>
        <input id="f-min" inputMode="decimal" className={inputClass} {...register("minAmount")} />
      </Field>
      <Field id="f-max" label="Max amount" error={e.maxAmount?.message}>
        <input id="f-max" inputMode="decimal" className={inputClass} {...register("maxAmount")} />
      </Field>
      <Field id="f-q" label="orderNo / tradeNo" error={e.q?.message}>
        <input id="f-q" className={inputClass} {...register("q")} />
      </Field>
      <div className="col-span-2 flex flex-wrap items-end gap-2 md:col-span-3 xl:col-span-7">
        <button type="submit" className={buttonClass}>
          Filter
        </button>
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => {
            reset({});
            onApply({});
          }}
        >
          Clear
        </button>
        <a className={secondaryButtonClass} href={`/api/payouts/export?${withViewerZone(filtersToQuery(filters), tz)}`} download data-testid="export-csv">
          Export CSV
        </a>
      </div>
    </form>
  );
}
