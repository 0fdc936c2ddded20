"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ApiError, apiFetch } from "@/lib/http/api-fetch";
import type { OrderDetailView, OrderView } from "@/lib/orders/order-view";
import type { OrderType } from "@/lib/order-status/transitions";
import { OrderCallbacks, OrderEvents } from "./order-timeline";

type LocalClock = { zone: string; city: string } | null;

/** The query key of an order's page: the tab's live events (components/live) update it when the order moves. */
export const detailKey = (kind: OrderType, id: string) => [kind, id];

/**
 * One order's page, either kind: GET /api/{kind}s/{id} (no polling: live events update it), loading and error
 * states, the heading, then the kind's own body, the timeline and the callbacks received.
 */
export function OrderDetail<K extends OrderType>({ kind, id, title, notFound, heading = "text-lg font-semibold", local, badges, children, after }: {
  kind: K;
  id: string;
  title: string;
  /** The words for a 404; else the API's own message. */
  notFound?: string;
  heading?: string;
  local: (order: OrderView<K>) => LocalClock;
  badges: (order: OrderView<K>) => ReactNode;
  children: (detail: OrderDetailView<K>) => ReactNode;
  after?: ReactNode;
}) {
  const q = useQuery({
    queryKey: detailKey(kind, id),
    queryFn: () => apiFetch<OrderDetailView<K>>(`/api/${kind}s/${encodeURIComponent(id)}`),
    retry: (n, err) => !(err instanceof ApiError && [400, 403, 404].includes(err.status)) && n < 2,
  });
  if (q.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (q.error) {
    return (
      <p role="alert" className="text-sm text-red-700">
        {notFound && q.error instanceof ApiError && q.error.status === 404 ? notFound : q.error.message}
      </p>
    );
  }
  const d = q.data;
  const order = (d as unknown as Record<K, OrderView<K>>)[kind];
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">
          {title} <span className="font-mono">{order.orderNo}</span>
        </h1>
        {badges(order)}
      </header>
      {children(d)}
      <section className="space-y-2">
        <h2 className={heading}>Timeline</h2>
        <OrderEvents events={d.events} notes={d.notes ?? []} local={local(order)} kind={kind} />
      </section>
      <section className="space-y-2">
        <h2 className={heading}>Callbacks</h2>
        <OrderCallbacks callbacks={d.callbacks} local={local(order)} kind={kind} />
      </section>
      {after}
    </div>
  );
}
