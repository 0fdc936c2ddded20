"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import { apiFetch, applyFieldErrors } from "@/lib/http/api-fetch";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_WORDS } from "@/lib/order-status/webhook-events";
import type { WebhookEndpointView } from "@/lib/webhooks/endpoint-view";
import { createEndpointSchema } from "@/lib/webhooks/schemas";
import { SecretOnce } from "./secret-once";

type FormIn = z.input<typeof createEndpointSchema>;
type FormOut = z.output<typeof createEndpointSchema>;
export interface CredentialOption {
  id: number;
  name: string;
  merchantId: string;
}

/** Add an endpoint: the one schema checks in the browser and again on the server; the secret is shown once. */
export function EndpointForm({ credentials }: { credentials: CredentialOption[] }) {
  const qc = useQueryClient();
  const [made, setMade] = useState<{ url: string; secret: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<FormIn, unknown, FormOut>({
    resolver: zodResolver(createEndpointSchema),
    defaultValues: { credentialId: credentials[0]?.id ?? "", url: "", events: ["payout.succeeded", "payout.failed"] },
  });
  const { errors, isSubmitting } = formState;
  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const res = await apiFetch<{ endpoint: WebhookEndpointView; secret: string }>("/api/webhook-endpoints", { body: values });
        setMade({ url: res.endpoint.url, secret: res.secret });
        reset();
        await qc.invalidateQueries({ queryKey: ["webhook-endpoints"] });
      } catch (err) {
        if (!applyFieldErrors(err, setError)) setFormError(err instanceof Error ? err.message : "Could not add the endpoint");
      }
    },
    () => setFormError("Some fields need attention."),
  );
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-semibold">Add an endpoint</h2>
      {made ? <SecretOnce url={made.url} secret={made.secret} /> : null}
      {formError ? <p role="alert" className="mb-2 text-sm text-red-700">{formError}</p> : null}
      <form onSubmit={onSubmit} noValidate className="grid gap-3 md:grid-cols-2" aria-label="Add a webhook endpoint">
        <Field id="wh-credential" label="Credential" error={errors.credentialId?.message}>
          <select id="wh-credential" className={inputClass} aria-invalid={!!errors.credentialId} {...register("credentialId")}>
            {credentials.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.merchantId})
              </option>
            ))}
          </select>
        </Field>
        <Field id="wh-url" label="Your system's address (https)" error={errors.url?.message} hint="Each event is POSTed here as JSON, signed.">
          <input id="wh-url" type="url" inputMode="url" placeholder="https://erp.example.com/smilepayz-events" className={inputClass} aria-invalid={!!errors.url} {...register("url")} />
        </Field>
        <fieldset className="space-y-1 md:col-span-2">
          <legend className="text-sm font-medium text-slate-800">Send these events</legend>
          {WEBHOOK_EVENT_TYPES.map((t) => (
            <label key={t} className="flex items-start gap-2 text-sm">
              <input type="checkbox" value={t} className="mt-1" {...register("events")} />
              <span>
                {WEBHOOK_EVENT_WORDS[t]} <code className="text-xs text-slate-500">{t}</code>
              </span>
            </label>
          ))}
          {errors.events ? <p role="alert" className="text-sm text-red-700" data-field-error="events">{errors.events.message ?? "Choose at least one event"}</p> : null}
        </fieldset>
        <div className="md:col-span-2">
          <button type="submit" className={buttonClass} disabled={isSubmitting || credentials.length === 0}>
            Add endpoint
          </button>
        </div>
      </form>
    </section>
  );
}
