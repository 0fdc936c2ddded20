"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type Column } from "@/components/ui/data-table";
import { secondaryButtonClass } from "@/components/ui/field";
import { TimeText } from "@/components/ui/time-text";
import { apiFetch } from "@/lib/http/api-fetch";
import type { WebhookEndpointView } from "@/lib/webhooks/endpoint-view";
import type { WebhookDeliveryView } from "@/lib/webhooks/list-deliveries";
import { SecretOnce } from "./secret-once";

const OVERLAP_HOURS = 24;

/** One endpoint: its state, every delivery attempt (newest first), resend per event, and rolling the secret. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const qc = useQueryClient();
  const key = ["webhook-deliveries", endpointId];
  const q = useQuery({ queryKey: key, queryFn: () => apiFetch<{ endpoint: WebhookEndpointView; deliveries: WebhookDeliveryView[] }>(`/api/webhook-endpoints/${encodeURIComponent(endpointId)}/deliveries`), refetchInterval: 5_000 });
  const [rolling, setRolling] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const resend = useMutation({
    mutationFn: (eventId: string) => apiFetch(`/api/webhook-endpoints/${encodeURIComponent(endpointId)}/resend`, { body: { eventId } }),
    onSuccess: (_r, eventId) => {
      setNote(`Event ${eventId} queued to be sent again; the attempt appears below.`);
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => setNote(e.message),
  });
  const roll = useMutation({
    mutationFn: () => apiFetch<{ secret: string }>(`/api/webhook-endpoints/${encodeURIComponent(endpointId)}/roll-secret`, { body: { overlapHours: OVERLAP_HOURS } }),
    onSuccess: (r) => {
      setSecret(r.secret);
      setRolling(false);
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => {
      setRolling(false);
      setNote(e.message);
    },
  });
  const enable = useMutation({
    mutationFn: () => apiFetch(`/api/webhook-endpoints/${encodeURIComponent(endpointId)}/enable`, { body: {} }),
    onSuccess: () => {
      setNote("Switched on: new events are sent again. Send the missed ones again from the log if your system needs them.");
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (err) => setNote(err.message),
  });
  const e = q.data?.endpoint;
  const columns: Column<WebhookDeliveryView>[] = [
    { id: "at", header: "When", cell: (d) => <TimeText at={d.at} /> },
    { id: "event", header: "Event", cell: (d) => <span className="break-all">{d.eventType} · {d.orderType} #{d.orderId}<br /><code className="text-xs text-slate-500">{d.eventId}</code></span> },
    { id: "attempt", header: "Attempt", cell: (d) => `${d.attempt}${d.resent ? " (sent again by a person)" : ""}` },
    {
      id: "result",
      header: "Result",
      cell: (d) => (d.ok ? <span className="text-emerald-700">Delivered (HTTP {d.statusCode})</span> : <span className="text-red-700">Not delivered: {d.error ?? `HTTP ${d.statusCode}`}</span>),
    },
    { id: "ms", header: "Took", cell: (d) => `${d.durationMs} ms` },
    {
      id: "resend",
      header: "",
      cell: (d) => (
        <button type="button" className={secondaryButtonClass} disabled={resend.isPending} onClick={() => resend.mutate(d.eventId)}>
          Send again
        </button>
      ),
    },
  ];
  return (
    <div className="space-y-4">
      {e ? (
        <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="webhook-endpoint">
          <p className="break-all font-medium">{e.url}</p>
          <p>Events: {e.events.join(", ")}</p>
          <p>
            {e.enabled ? (e.failingSince ? <>Failing since <TimeText at={e.failingSince} />; switched off after 3 days of failures.</> : "Delivering.") : `Switched off: ${e.disabledReason ?? "by the app"}.`}
          </p>
          {e.previousSecretUntil ? (
            <p>
              The previous secret still signs beside the new one until <TimeText at={e.previousSecretUntil} />.
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <button type="button" className={secondaryButtonClass} onClick={() => setRolling(true)}>
              Roll the signing secret
            </button>
            {!e.enabled ? (
              <button type="button" className={secondaryButtonClass} disabled={enable.isPending} onClick={() => enable.mutate()}>
                Switch on again
              </button>
            ) : null}
          </div>
        </section>
      ) : null}
      {secret && e ? <SecretOnce url={e.url} secret={secret} /> : null}
      {note ? <p role="status" className="text-sm text-slate-700">{note}</p> : null}
      <DataTable label="Delivery attempts" columns={columns} rows={q.data?.deliveries} rowKey={(d) => d.id} loading={q.isLoading} error={q.error ? q.error.message : null} empty="No deliveries yet." />
      <ConfirmDialog
        open={rolling}
        title="Roll the signing secret?"
        body={`A new secret signs every event from now on. The current one keeps signing beside it for ${OVERLAP_HOURS} hours; after that your system must check signatures with the new secret, or it will refuse every event.`}
        confirmLabel="Roll the secret"
        tone="danger"
        onConfirm={() => roll.mutate()}
        onCancel={() => setRolling(false)}
      />
    </div>
  );
}
