"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import type { ApiKeyView } from "@/lib/api-keys/api-key-view";
import { createApiKeySchema, type CreateApiKeyInput } from "@/lib/api-keys/schemas";
import { API_SCOPES, API_SCOPE_LABELS, needsFourEyes } from "@/lib/auth/api-key-scopes";
import { apiFetch, applyFieldErrors } from "@/lib/http/api-fetch";
import { FOUR_EYES_SENTENCE, type PendingChangeRef } from "@/lib/pending-changes/kinds";
import { SecretShownOnce } from "./secret-shown-once";

const EMPTY: CreateApiKeyInput = { name: "", credentialIds: [], scopes: [] };

export function CreateApiKeyForm({ credentials }: { credentials: { id: number; name: string }[] }) {
  const qc = useQueryClient();
  const [created, setCreated] = useState<{ name: string; secret: string; note: string | null } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, control, setValue, formState } = useForm<CreateApiKeyInput>({ resolver: zodResolver(createApiKeySchema), defaultValues: EMPTY });
  const { errors, isSubmitting, isSubmitted } = formState;
  const scopes = useWatch({ control, name: "scopes" }) ?? [];
  const credentialIds = useWatch({ control, name: "credentialIds" }) ?? [];
  // Checkbox lists kept as arrays by hand (one checkbox alone would read as true/false).
  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list.filter((x) => x !== v), v] : list.filter((x) => x !== v));

  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const res = await apiFetch<{ apiKey: ApiKeyView; secret: string; pendingChange: PendingChangeRef | null }>("/api/api-keys", { body: values });
        setCreated({ name: res.apiKey.name, secret: res.secret, note: res.pendingChange ? `It works once another admin approves it. ${res.pendingChange.message}` : null });
        reset(EMPTY);
        await qc.invalidateQueries({ queryKey: ["api-keys"] });
      } catch (err) {
        if (!applyFieldErrors(err, setError)) setFormError(err instanceof Error ? err.message : "Could not create the key");
      }
    },
    () => setFormError("Some fields need attention."),
  );

  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="font-semibold">Create an API key</h2>
      {created ? <SecretShownOnce name={created.name} secret={created.secret} note={created.note} onDone={() => setCreated(null)} /> : null}
      {formError ? <p role="alert" data-testid="create-key-error" className="text-sm text-red-700">{formError}</p> : null}
      <form onSubmit={onSubmit} noValidate className="grid gap-3 md:grid-cols-3" aria-label="Create an API key">
        <Field id="key-name" label="Name (which machine uses it)" error={errors.name?.message}>
          <input id="key-name" className={inputClass} aria-invalid={!!errors.name} placeholder="ERP pay-outs" {...register("name")} />
        </Field>
        <fieldset className="text-sm">
          <legend className="mb-1 font-medium">Credentials it may use</legend>
          {credentials.map((c) => (
            <label key={c.id} className="flex items-center gap-2 py-0.5">
              <input
                type="checkbox"
                checked={credentialIds.map(Number).includes(c.id)}
                onChange={(e) => setValue("credentialIds", toggle(credentialIds.map(Number), c.id, e.target.checked), { shouldValidate: isSubmitted })}
              />
              {c.name}
            </label>
          ))}
          {errors.credentialIds ? <p className="text-red-700">{errors.credentialIds.message ?? "Check this field"}</p> : null}
        </fieldset>
        <fieldset className="text-sm">
          <legend className="mb-1 font-medium">What it may do</legend>
          {API_SCOPES.map((s) => (
            <label key={s} className="flex items-center gap-2 py-0.5">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setValue("scopes", toggle(scopes, s, e.target.checked), { shouldValidate: isSubmitted })}
              />
              {API_SCOPE_LABELS[s]} <code className="text-xs text-slate-500">{s}</code>
            </label>
          ))}
          {errors.scopes ? <p className="text-red-700">{errors.scopes.message ?? "Check this field"}</p> : null}
        </fieldset>
        <div className="space-y-2 md:col-span-3">
          {needsFourEyes(scopes) ? (
            <p className="text-sm text-amber-800" data-testid="four-eyes-hint">
              This key can create money movements. {FOUR_EYES_SENTENCE}
            </p>
          ) : null}
          <button type="submit" className={buttonClass} disabled={isSubmitting}>
            Create key
          </button>
        </div>
      </form>
    </section>
  );
}
