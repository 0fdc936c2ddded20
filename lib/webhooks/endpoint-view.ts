import type { webhookEndpoints } from "@/db/schema";

/** What the page and the API show of an endpoint: never the secret (given once, at creation or roll). */
export interface WebhookEndpointView {
  id: number;
  credentialId: number;
  url: string;
  events: string[];
  enabled: boolean;
  /** A rolled secret still signs beside the new one until then (ISO), else null. */
  previousSecretUntil: string | null;
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
}

export function toEndpointView(e: typeof webhookEndpoints.$inferSelect, now = new Date()): WebhookEndpointView {
  const overlap = e.previousSecretUntil && e.previousSecretUntil > now ? e.previousSecretUntil.toISOString() : null;
  return {
    id: e.id, credentialId: e.merchantId, url: e.url, events: e.events, enabled: e.enabled, previousSecretUntil: overlap,
    failingSince: e.failingSince?.toISOString() ?? null, disabledAt: e.disabledAt?.toISOString() ?? null,
    disabledReason: e.disabledReason, createdAt: e.createdAt.toISOString(),
  };
}
