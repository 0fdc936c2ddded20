"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { EnvironmentBadge } from "@/components/merchants/environment-badge";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import { apiFetch } from "@/lib/http/api-fetch";
import { orderLookupSchema, type OrderLookupInput } from "@/lib/orders/schemas";
import type { Environment } from "@/lib/smilepayz/hosts";
import { formatMinor } from "@/lib/smilepayz/regions/money";
import { getRegion, type RegionCode } from "@/lib/smilepayz/regions";

interface Row {
  type: "payout" | "payin";
  id: number;
  merchantName: string;
  environment: Environment;
  bundledSandbox: boolean;
  region: RegionCode;
  orderNo: string;
  tradeNo: string | null;
  amountMinor: string;
  currency: string;
  method: string;
  account: string | null;
  name: string | null;
  taxNumber: string | null;
  status: string;
  createdAt: string;
}

// overflow-wrap:anywhere lets long e-mails, ids and action names wrap instead of widening the table past the screen.
const cell = "block px-3 py-1 [overflow-wrap:anywhere] md:table-cell md:p-2";

export function OrdersView() {
  const [q, setQ] = useState("");
  const { register, handleSubmit, formState } = useForm<OrderLookupInput>({ resolver: zodResolver(orderLookupSchema) });
  const data = useQuery({
    queryKey: ["orders", q],
    queryFn: () => apiFetch<Row[]>(`/api/orders${q ? `?q=${encodeURIComponent(q)}` : ""}`),
  });
  return (
    <div className="space-y-4">
      <form onSubmit={handleSubmit((v) => setQ(v.q ?? ""))} noValidate className="flex flex-wrap items-end gap-2" aria-label="Look up an order">
        <Field id="q" label="orderNo or tradeNo" error={formState.errors.q?.message}>
          <input id="q" className={inputClass} {...register("q")} />
        </Field>
        <button type="submit" className={buttonClass}>
          Look up
        </button>
      </form>
      {data.error ? <p role="alert" className="text-sm text-red-700">{data.error.message}</p> : null}
      <table className="block w-full bg-white text-sm shadow-sm md:table">
        <thead className="hidden md:table-header-group">
          <tr className="border-b text-left text-slate-500">
            <th className="p-2">Type</th>
            <th className="p-2">Merchant</th>
            <th className="p-2">orderNo / tradeNo</th>
            <th className="p-2">Amount</th>
            <th className="p-2">Method</th>
            <th className="p-2">Account</th>
            <th className="p-2">Status</th>
          </tr>
        </thead>
        <tbody className="block md:table-row-group">
          {(data.data ?? []).map((r) => (
            <tr key={`${r.type}-${r.id}`} className="block border-b py-2 md:table-row md:py-0" data-testid="order-row">
              <td className={cell}>{r.type === "payout" ? "Pay-out" : "Pay-in"}</td>
              <td className={cell} data-testid="order-merchant">
                {r.merchantName} <EnvironmentBadge environment={r.environment} bundledSandbox={r.bundledSandbox} />
              </td>
              <td className={`${cell} break-all font-mono text-xs`}>
                {r.orderNo}
                <br />
                {r.tradeNo ?? "—"}
              </td>
              <td className={cell}>{formatMinor(BigInt(r.amountMinor), getRegion(r.region))}</td>
              <td className={cell}>
                <span className="text-slate-500 md:hidden">Method: </span>
                {r.method}
              </td>
              <td className={`${cell} break-all font-mono`} data-testid="order-account">
                {r.account}
                {r.name ? <div className="text-xs text-slate-500">{r.name}</div> : null}
              </td>
              <td className={cell} data-testid="order-status">{r.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.isPending ? <p className="text-sm text-slate-500" role="status">Loading orders…</p> : null}
      {data.data?.length === 0 ? <p className="text-sm text-slate-500" data-testid="orders-empty">No orders found.</p> : null}
    </div>
  );
}
