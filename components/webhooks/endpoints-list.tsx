"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { DataTable, type Column } from "@/components/ui/data-table";
import { TimeText } from "@/components/ui/time-text";
import { apiFetch } from "@/lib/http/api-fetch";
import type { WebhookEndpointView } from "@/lib/webhooks/endpoint-view";

const columns: Column<WebhookEndpointView>[] = [
  { id: "url", header: "Address", cell: (e) => <Link className="break-all underline" href={`/webhooks/${e.id}`}>{e.url}</Link> },
  { id: "credential", header: "Credential", cell: (e) => `#${e.credentialId}` },
  { id: "events", header: "Events", cell: (e) => e.events.join(", ") },
  {
    id: "state",
    header: "State",
    cell: (e) =>
      !e.enabled ? (
        <span className="text-red-700">Switched off{e.disabledReason ? `: ${e.disabledReason}` : ""}</span>
      ) : e.failingSince ? (
        <span className="text-amber-800">
          Failing since <TimeText at={e.failingSince} />
        </span>
      ) : (
        "Delivering"
      ),
  },
];

export function EndpointsList() {
  const q = useQuery({ queryKey: ["webhook-endpoints"], queryFn: () => apiFetch<{ endpoints: WebhookEndpointView[] }>("/api/webhook-endpoints") });
  return (
    <DataTable
      label="Webhook endpoints"
      columns={columns}
      rows={q.data?.endpoints}
      rowKey={(e) => e.id}
      loading={q.isLoading}
      error={q.error ? q.error.message : null}
      empty="No endpoints yet."
    />
  );
}
