import { prettyPayload } from "@/components/payouts/payout-text";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeText } from "@/components/ui/time-text";
import type { StoryItem } from "@/lib/orders/get-order-story";
import type { OrderCallbackView, OrderEventView, OrderNoteView } from "@/lib/orders/order-view";
import type { OrderType } from "@/lib/order-status/transitions";
import { callbackSentence, eventSentence, sourceWord } from "@/lib/words/timeline";

/** The region's clock, shown beside the gateway's moments. */
type LocalClock = { zone: string; city: string } | null;

/** Whose answer a code is: the request's or the inquiry call's, never the payment's own outcome ("00 Successful" beside FAILED). */
export function answerLabel(source: string): string {
  return source === "inquiry" ? "Answer to the inquiry:" : source === "response" ? "Answer to the request:" : "Gateway:";
}

/** The request body rides on the move to SENDING (committed before the call), whichever source recorded it. */
const isRequest = (e: { source: string; to: string }) => e.source === "request" || e.to === "SENDING";

function payloadTitle(e: { source: string; to: string }): string {
  return isRequest(e) ? "Signed request body, as sent" : e.source === "callback" ? "Callback body" : "Answer body";
}

/** A technical record, collapsed under the sentence it proves. */
function Raw({ title, raw, testId, record = "story-record" }: { title: string; raw: string; testId: string; record?: string }) {
  return (
    <details className="mt-2" data-testid={record}>
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
      {it.rawPayload ? <Raw title={isRequest(it) ? "Signed request body, as sent" : `${sourceWord(it.source)}: record`} raw={it.rawPayload} testId="story-payload" /> : null}
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
        <li key={it.key} className="rounded-lg border bg-white p-3 text-sm" data-testid="story-item" data-kind={it.kind === "event" ? it.source : it.kind}>
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

/** A person's internal note: its own kind of entry, no status badge, never a change. */
function NoteEntry({ n }: { n: OrderNoteView }) {
  return (
    <li className="rounded-lg border border-dashed bg-white p-3" data-testid="payout-note">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="rounded bg-sky-50 px-1.5 py-0.5 text-xs text-sky-800">Note</span>
        {n.author ? <span className="text-slate-700">{n.author}</span> : null}
        <span className="ml-auto text-xs text-slate-500">
          <TimeText at={n.at} local={null} />
        </span>
      </div>
      <p className="mt-1 whitespace-pre-wrap text-sm text-slate-800">{n.note}</p>
    </li>
  );
}

function EventEntry({ e, local, kind }: { e: OrderEventView; local?: LocalClock; kind: OrderType }) {
  return (
    <li className="rounded-lg border bg-white p-3" data-testid="payout-event" data-to={e.to} data-source={e.source}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium text-slate-900" data-testid="event-sentence">{`${eventSentence(kind, e)}.`}</span>
        {/* from = to: news without a move (a callback waiting for inquiry-status): no badge, nothing changed */}
        {e.from !== e.to ? <StatusBadge status={e.to} kind={kind} /> : null}
        <span className="ml-auto text-xs text-slate-500">
          <TimeText at={e.at} local={e.source === "person" ? null : local} />
        </span>
      </div>
      {e.gatewayCode || e.gatewayMessage ? (
        <p className="mt-1 text-xs text-slate-700">
          {answerLabel(e.source)} {e.gatewayCode ? <span className="font-mono">{e.gatewayCode}</span> : null} {e.gatewayMessage}
        </p>
      ) : null}
      {e.note ? <p className="mt-1 text-sm text-slate-700">{e.note}</p> : null}
      {e.rawPayload ? <Raw record="technical-record" title={payloadTitle(e)} raw={e.rawPayload} testId={isRequest(e) ? "request-body" : "event-payload"} /> : null}
    </li>
  );
}

/** Every status change (and callback waiting for confirmation) and every note, oldest first. */
export function OrderEvents({ events, notes = [], local, kind = "payout" }: { events: readonly OrderEventView[]; notes?: readonly OrderNoteView[]; local?: LocalClock; kind?: OrderType }) {
  if (events.length === 0 && notes.length === 0) return <p className="text-sm text-slate-500">No events yet.</p>;
  const entries = [
    ...events.map((e) => ({ at: e.at, key: `e${e.id}`, node: <EventEntry key={`e${e.id}`} e={e} local={local} kind={kind} /> })),
    ...notes.map((n) => ({ at: n.at, key: `n${n.id}`, node: <NoteEntry key={`n${n.id}`} n={n} /> })),
  ].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
  return (
    <ol className="space-y-3" aria-label="Timeline">
      {entries.map((x) => x.node)}
    </ol>
  );
}

/** Each callback the gateway sent for this order, applied or not, with its verdict and raw body. */
export function OrderCallbacks({ callbacks, local, kind = "payout" }: { callbacks: readonly OrderCallbackView[]; local?: LocalClock; kind?: OrderType }) {
  if (callbacks.length === 0) return <p className="text-sm text-slate-500">No callbacks received yet.</p>;
  return (
    <ul className="space-y-3">
      {callbacks.map((c) => (
        <li key={c.id} className="rounded-lg border bg-white p-3 text-sm" data-testid="payout-callback">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium" title={`Outcome ${c.outcome}`}>{`${callbackSentence(c.outcome, c.signatureValid)}.`}</span>
            {c.status ? <StatusBadge status={c.status} kind={kind} /> : null}
            <span className={c.signatureValid ? "text-emerald-700" : "text-red-700"}>
              signature {c.signatureValid ? "valid" : "INVALID"}
            </span>
            {!c.timestampFresh ? <span className="text-red-700">timestamp outside the window</span> : null}
            <span className="ml-auto text-xs text-slate-500">
              <TimeText at={c.receivedAt} local={local} />
            </span>
          </div>
          {c.reviewReason ? <p className="mt-1 text-amber-800">Flagged for review: {c.reviewReason}</p> : null}
          {c.error ? <p className="mt-1 text-red-700">{c.error}</p> : null}
          <Raw record="technical-record" title="Raw body" raw={c.rawBody} testId="callback-body" />
        </li>
      ))}
    </ul>
  );
}
