"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeText } from "@/components/ui/time-text";
import { ApiError, apiFetch } from "@/lib/http/api-fetch";
import type { OrderDetailView } from "@/lib/orders/get-order";
import type { OrderView } from "@/lib/orders/order-view";
import type { OrderType } from "@/lib/order-status/transitions";
import { methodName } from "@/lib/words/methods";
import { CheckStatusButton } from "./check-status-button";
import { CopyButton } from "./copy-button";
import { CustomerSummaryButton, NoteForm, RevealableValue } from "./order-actions";
import { OrderOutcome } from "./order-outcome";
import { OrderTimeline } from "./order-timeline";

/** The query key of an order's page: the tab's live events (components/live) update it when the order moves. */
export const detailKey = (kind: OrderType, id: string) => [kind, id];

/** Who is looking and what they may do, decided by the server page (lib/auth/permissions.ts). */
export type OrderPageAccess = {
  /** May reveal a masked value (orders.lookup and the user's own reveal right). */
  canReveal: boolean;
  /** Notes and the customer summary (orders.lookup); false for admins, who only read. */
  support: boolean;
  /** May create orders of this kind: a new pay-out from a failed one; a pay-in's new or revoked payer link. */
  canCreate: boolean;
  /** Reads this kind (payouts.read, payins.read): gets the kind's own part, its actions as the API allows them. */
  reader: boolean;
};

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 border-b py-1.5 last:border-0">
      <dt className="text-slate-500">{label}</dt>
      <dd className="col-span-2 [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

/**
 * One order's page, either kind, for everyone who may read it (GET /api/{kind}s/{id}; no polling: live events update
 * it): the heading and status, the kind's own part for its readers (`children`: approvals, the pay-out's fields, the
 * payer link; null for admins, who get no money control here), why it ended, its facts (ids with copy buttons, masked
 * values with Reveal when allowed), what support may do (check status now, a note, a summary for the customer:
 * nothing that moves money) and the one timeline. Admins (`support` false) read it: check status now only.
 */
export function OrderStoryView<K extends OrderType>({ kind, id, access: { canReveal, support, canCreate }, children }: {
  kind: K;
  id: string;
  access: OrderPageAccess;
  children?: ((detail: OrderDetailView<K>) => ReactNode) | null;
}) {
  const q = useQuery({
    queryKey: detailKey(kind, id),
    queryFn: () => apiFetch<OrderDetailView<K>>(`/api/${kind}s/${encodeURIComponent(id)}`),
    retry: (n, err) => !(err instanceof ApiError && [400, 403, 404].includes(err.status)) && n < 2,
  });
  if (q.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (q.error) {
    return (
      <p role="alert" className="text-sm text-slate-700">
        {q.error instanceof ApiError && q.error.status === 404 ? "No such order among the merchants you can see." : q.error.message}
      </p>
    );
  }
  const story = q.data;
  // The status from the kind's view: the live events patch it there at once.
  const o = { ...story.order, status: (story as unknown as Record<K, OrderView<K>>)[kind].status };
  const refresh = async () => void (await q.refetch());
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">
          {kind === "payout" ? "Pay-out" : "Pay-in"} <span className="font-mono">{o.orderNo}</span>
        </h1>
        <StatusBadge status={o.status} kind={kind} />
        <span data-testid={`${kind}-status`} data-status={o.status} className="sr-only">
          {o.status}
        </span>
      </header>
      {children?.(story)}
      <OrderOutcome outcome={story.outcome} local={story.local} newPayoutFrom={kind === "payout" && canCreate ? o.id : null} />
      <div className="grid gap-6 md:grid-cols-3">
        <dl className="rounded-lg border bg-white p-3 text-sm md:col-span-2" data-testid="order-facts">
          <Row label="orderNo">
            <span className="font-mono">{o.orderNo}</span>
            <CopyButton text={o.orderNo} name="orderNo" />
          </Row>
          <Row label="tradeNo">
            {o.tradeNo ? (
              <>
                <span className="font-mono">{o.tradeNo}</span>
                <CopyButton text={o.tradeNo} name="tradeNo" />
              </>
            ) : (
              "—"
            )}
          </Row>
          <Row label="Merchant">{o.merchantName}</Row>
          <Row label="Amount">{o.amount}</Row>
          <Row label="Method">
            <span title={`Code ${o.method}`}>{methodName(o.region, o.method, o.type)}</span>
          </Row>
          <Row label={o.type === "payout" ? "Beneficiary" : "Payer"}>{o.name ?? "—"}</Row>
          <Row label="Account">
            <RevealableValue order={o} field="account" masked={o.account} canReveal={o.masked && canReveal} onRevealed={refresh} />
          </Row>
          {o.type === "payout" ? (
            <Row label="Tax number">
              <RevealableValue order={o} field="taxNumber" masked={o.taxNumber} canReveal={o.masked && canReveal} onRevealed={refresh} />
            </Row>
          ) : null}
          <Row label="Created">
            <TimeText at={o.createdAt} local={story.local} />
            {o.createdBy ? ` by ${o.createdBy}` : ""}
            {o.batchId ? ` (bulk run ${o.batchId})` : ""}
          </Row>
          <Row label="Final">
            <TimeText at={o.finalAt} local={story.local} />
          </Row>
          {o.gatewayCode || o.gatewayMessage ? (
            <Row label="Answer to the request">
              <span data-testid="order-request-answer">
                {o.status === "NOT_ACCEPTED" ? "Refused" : "Accepted"}: <span className="font-mono">{o.gatewayCode}</span> {o.gatewayMessage}
              </span>
            </Row>
          ) : null}
        </dl>
        <aside className="space-y-4 rounded-lg border bg-white p-3" aria-label="What you can do">
          <CheckStatusButton type={o.type} id={o.id} onDone={refresh} />
          {support ? (
            <>
              <CustomerSummaryButton order={o} outcome={story.outcome} />
              <NoteForm order={o} onSaved={refresh} />
            </>
          ) : (
            <p className="text-sm text-slate-600" data-testid="order-read-only">
              Read-only for admins: nothing here moves money; finance and approvers act on it.
            </p>
          )}
        </aside>
      </div>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Timeline</h2>
        <OrderTimeline items={story.items} local={story.local} kind={o.type} />
      </section>
    </div>
  );
}
