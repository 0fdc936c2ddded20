import { prettyPayload } from "@/components/payouts/payout-text";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeText } from "@/components/ui/time-text";
import type { StoryItem } from "@/lib/orders/get-order-story";
import type { OrderType } from "@/lib/order-status/transitions";
import { callbackSentence, eventSentence, sourceWord } from "@/lib/words/timeline";

/** The region's clock, shown beside the gateway's moments. */
type LocalClock = { zone: string; city: string } | null;

/** Whose answer a code is: the request's or the inquiry call's, never the payment's own outcome ("00 Successful" beside FAILED). */
function answerLabel(source: string): string {
  return source === "inquiry" ? "Answer to the inquiry:" : source === "response" ? "Answer to the request:" : "Gateway:";
}

/** The request body rides on the move to SENDING (committed before the call), whichever source recorded it. */
const isRequest = (e: { source: string; to: string }) => e.source === "request" || e.to === "SENDING";

/** A technical record, collapsed under the sentence it proves. */
function Raw({ title, raw, testId }: { title: string; raw: string; testId: string }) {
  return (
    <details className="mt-2" data-testid="story-record">
      <summary className="cursor-pointer text-xs font-medium text-slate-600">{title}</summary>
      <pre className="mt-1 max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs leading-snug" data-testid={testId}>
        {prettyPayload(raw)}
      </pre>
    </details>
  );
}

function Label({ children }: { children: string }) {
  return <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{children}</span>;
}

function Sentence({ children }: { children: string }) {
  return <span className="font-medium text-slate-900" data-testid="story-sentence">{`${children}.`}</span>;
}

type EventItem = Extract<StoryItem, { kind: "event" }>;

function EventRecords({ it }: { it: EventItem }) {
  return (
    <>
      {it.rawPayload ? <Raw title={isRequest(it) ? "Signed request body, as sent" : `${sourceWord(it.source)}: record`} raw={it.rawPayload} testId={isRequest(it) ? "request-body" : "story-payload"} /> : null}
      {it.callback ? (
        <>
          {it.callback.error ? <p className="mt-1 text-xs text-red-700">{it.callback.error}</p> : null}
          <Raw
            title={`Callback body, raw (signature ${it.callback.signatureValid ? "verified" : "refused"}; ${it.callback.outcome})`}
            raw={it.callback.rawBody}
            testId="story-callback-body"
          />
        </>
      ) : null}
    </>
  );
}

/** Everything about one order, oldest first, in words: events, notes, callbacks that changed nothing, audit rows. */
export function OrderTimeline({ items, local, kind }: { items: readonly StoryItem[]; local: LocalClock; kind: OrderType }) {
  if (items.length === 0) return <p className="text-sm text-slate-500">Nothing has happened to this order yet.</p>;
  return (
    <ol className="space-y-3" aria-label="Timeline">
      {items.map((it) => (
        <li key={it.key} className="rounded-lg border bg-white p-3 text-sm" data-testid="story-item" data-kind={it.kind === "event" ? it.source : it.kind} data-to={it.kind === "event" ? it.to : undefined}>
          <div className="flex flex-wrap items-center gap-2">
            {it.kind === "note" ? (
              <>
                <Label>Note</Label>
                <span className="text-slate-700">{it.author ?? "someone"}</span>
              </>
            ) : it.kind === "event" ? (
              <>
                <Sentence>{eventSentence(kind, it)}</Sentence>
                {it.from !== it.to ? <StatusBadge status={it.to} kind={kind} /> : null}
              </>
            ) : it.kind === "callback" ? (
              <Sentence>{callbackSentence(it.outcome, it.signatureValid)}</Sentence>
            ) : (
              <>
                <Label>{it.action === "order.value_revealed" ? "Revealed" : "Audit"}</Label>
                <span className="font-mono text-xs">{it.action}</span>
                {it.actor ? <span className="text-slate-700">{it.actor}</span> : null}
              </>
            )}
            <span className="ml-auto text-xs text-slate-500">
              <TimeText at={it.at} local={local} />
            </span>
          </div>
          {it.kind === "event" && (it.gatewayCode || it.gatewayMessage) ? (
            <p className="mt-1 text-xs text-slate-700">
              {answerLabel(it.source)} <span className="font-mono">{it.gatewayCode}</span> {it.gatewayMessage}
            </p>
          ) : null}
          {it.kind === "event" && it.note ? <p className="mt-1 whitespace-pre-wrap text-slate-700">{it.note}</p> : null}
          {it.kind === "note" ? <p className="mt-1 whitespace-pre-wrap text-slate-800" data-testid="story-note">{it.note}</p> : null}
          {it.kind === "event" ? <EventRecords it={it} /> : null}
          {it.kind === "callback" ? (
            <>
              {it.error ? <p className="mt-1 text-xs text-red-700">{it.error}</p> : null}
              <Raw title="Callback body, raw" raw={it.rawBody} testId="story-callback-body" />
            </>
          ) : null}
          {it.kind === "audit" && it.detail ? <p className="mt-1 text-slate-700" data-testid="story-audit-detail">{it.detail}</p> : null}
        </li>
      ))}
    </ol>
  );
}
