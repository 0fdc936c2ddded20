import { StatusBadge } from "@/components/ui/status-badge";
import { TimeText } from "@/components/ui/time-text";
import { methodName } from "@/lib/words/methods";
import type { OrderStory } from "@/lib/orders/get-order-story";
import { CheckStatusButton } from "./check-status-button";
import { CopyButton } from "./copy-button";
import { CustomerSummaryButton, NoteForm, RevealableValue } from "./order-actions";
import { OrderTimeline } from "./order-timeline";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 border-b py-1.5 last:border-0">
      <dt className="text-slate-500">{label}</dt>
      <dd className="col-span-2 [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

/** Why it failed, expired, was refused, rejected or cancelled: the outcome's heading, on the story and the pay-out page. */
export function outcomeLabel(status: string, refused = "Why it was not accepted"): string {
  const words: Record<string, string> = { FAILED: "Why it failed", EXPIRED: "Why it expired", NOT_ACCEPTED: refused, REJECTED: "Why it was rejected" };
  return words[status] ?? "Why it was cancelled";
}

/**
 * One order for support: its facts (ids with copy buttons, masked values with Reveal when allowed), what support may
 * do (check status now, a note, a summary for the customer: nothing that moves money) and the whole timeline. Admins
 * (`support` false) read it: check status now only.
 */
export function OrderStoryView({ story, canReveal, support = true }: { story: OrderStory; canReveal: boolean; support?: boolean }) {
  const o = story.order;
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold">{o.type === "payout" ? "Pay-out" : "Pay-in"} {o.orderNo}</h1>
        <StatusBadge status={o.status} kind={o.type} />
      </header>
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
            <RevealableValue order={o} field="account" masked={o.account} canReveal={o.masked && canReveal} />
          </Row>
          {o.type === "payout" ? (
            <Row label="Tax number">
              <RevealableValue order={o} field="taxNumber" masked={o.taxNumber} canReveal={o.masked && canReveal} />
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
          {story.outcome ? (
            <Row label={outcomeLabel(story.outcome.status)}>
              <span data-testid="order-outcome">{story.outcome.summary}</span>
            </Row>
          ) : null}
          {o.gatewayCode || o.gatewayMessage ? (
            <Row label="Answer to the request">
              <span data-testid="order-request-answer">
                {o.status === "NOT_ACCEPTED" ? "Refused" : "Accepted"}: <span className="font-mono">{o.gatewayCode}</span> {o.gatewayMessage}
              </span>
            </Row>
          ) : null}
        </dl>
        <aside className="space-y-4 rounded-lg border bg-white p-3" aria-label="What you can do">
          <CheckStatusButton type={o.type} id={o.id} />
          {support ? (
            <>
              <CustomerSummaryButton order={o} outcome={story.outcome} />
              <NoteForm order={o} />
            </>
          ) : (
            <p className="text-sm text-slate-600" data-testid="order-read-only">
              Read-only for admins: the people who move money (finance, approvers) act on it from their pages.
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
