"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useFieldArray, useForm, useWatch, type FieldErrors } from "react-hook-form";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { Field, buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { FOUR_EYES_SENTENCE, type PendingChangeRef } from "@/lib/pending-changes/kinds";
import { apiFetch, placeFieldErrors } from "@/lib/http/api-fetch";
import { createCredentialSchema, updateCredentialSchema, type CreateCredentialInput } from "@/lib/merchants/schemas";
import { ENVIRONMENTS, ENVIRONMENT_LABELS } from "@/lib/smilepayz/hosts";
import { REGIONS } from "@/lib/smilepayz/regions";

export interface CredentialFormValues extends CreateCredentialInput {
  id?: number;
}

function err(errors: FieldErrors<CreateCredentialInput>, path: string): string | undefined {
  let node: unknown = errors;
  for (const part of path.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : undefined;
}

const SHOWN = /^(merchantId|name|environment|callbackBaseUrl|processingWindowS|merchantSecret|privateKey|platformPublicKey|accounts\.\d+\.accountNo|subMerchants\.\d+\.(subMerchantId|name))$/;

/** A server field message this form shows under its field (the rest are said above the form). */
function shownField(name: string, environment: string): boolean {
  return SHOWN.test(name) || (name === "customBaseUrl" && environment === "custom");
}

export function CredentialForm({
  initial,
  onDone,
}: {
  initial?: CredentialFormValues;
  onDone: (result: { id?: number; pendingChange?: PendingChangeRef | null }) => void;
}) {
  const editing = initial?.id !== undefined;
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CreateCredentialInput>({
    resolver: zodResolver(editing ? updateCredentialSchema : createCredentialSchema) as never,
    defaultValues: initial ?? { environment: "sandbox", accounts: [], subMerchants: [], merchantSecret: "", privateKey: "" },
  });
  const { register, handleSubmit, setError, control, formState } = form;
  const { errors, isSubmitting } = formState;
  const accounts = useFieldArray({ control, name: "accounts" });
  const subs = useFieldArray({ control, name: "subMerchants" });
  const environment = useWatch({ control, name: "environment" });
  const { confirm, dialog } = useConfirm();

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const toProduction = values.environment === "production" && initial?.environment !== "production";
    if (
      toProduction &&
      !(await confirm({
        title: "Switch to production?",
        body: `Pay-outs made with this credential move real money, from the merchant's real Smilepayz balance. ${FOUR_EYES_SENTENCE}`,
        confirmLabel: "Use production",
        tone: "danger",
      }))
    ) {
      return;
    }
    try {
      const res = await apiFetch<{ id?: number; pendingChange?: PendingChangeRef | null }>(editing ? `/api/merchants/${initial?.id}` : "/api/merchants", {
        method: editing ? "PUT" : "POST",
        body: values,
      });
      onDone(res);
    } catch (e) {
      const { placed, elsewhere } = placeFieldErrors(e, setError, (name) => shownField(name, values.environment));
      if (elsewhere.length > 0) setFormError(elsewhere.join(" "));
      else if (placed === 0) setFormError(e instanceof Error ? e.message : "Could not save");
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={editing ? "Edit credential" : "New credential"}>
      {dialog}
      {formError ? <p role="alert" className="text-sm text-red-700">{formError}</p> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="merchantId" label="Merchant id" error={err(errors, "merchantId")}>
          <input id="merchantId" className={inputClass} aria-invalid={!!errors.merchantId} {...register("merchantId")} />
        </Field>
        <Field id="name" label="Name" error={err(errors, "name")}>
          <input id="name" className={inputClass} aria-invalid={!!errors.name} {...register("name")} />
        </Field>
        <Field id="environment" label="Environment" error={err(errors, "environment")}>
          <select id="environment" className={inputClass} {...register("environment")}>
            {ENVIRONMENTS.map((e) => (
              <option key={e} value={e}>
                {ENVIRONMENT_LABELS[e]}
              </option>
            ))}
          </select>
        </Field>
        {environment === "custom" ? (
          <Field
            id="customBaseUrl"
            label="Custom base URL"
            hint="An https:// host on the gateway allow-list, or the bundled sandbox gateway's own address."
            error={err(errors, "customBaseUrl")}
          >
            <input id="customBaseUrl" className={inputClass} placeholder="https://gateway.smilepayz.com" inputMode="url" aria-invalid={!!errors.customBaseUrl} {...register("customBaseUrl")} />
          </Field>
        ) : (
          <div className="hidden sm:block" />
        )}
        <Field id="callbackBaseUrl" label="Callback base URL" hint="Where the gateway reaches this app; empty uses the app's own address." error={err(errors, "callbackBaseUrl")}>
          <input id="callbackBaseUrl" className={inputClass} aria-invalid={!!errors.callbackBaseUrl} {...register("callbackBaseUrl")} />
        </Field>
        <Field
          id="processingWindowS"
          label="Processing window (seconds)"
          hint="How long an order may stay processing before the app asks the gateway; empty uses the region's default (3 to 10 minutes)."
          error={err(errors, "processingWindowS")}
        >
          <input id="processingWindowS" className={inputClass} inputMode="numeric" placeholder="region default" aria-invalid={!!errors.processingWindowS} {...register("processingWindowS")} />
        </Field>
        <Field
          id="merchantSecret"
          label="Merchant secret"
          hint={editing ? "Leave empty to keep the stored secret." : undefined}
          error={err(errors, "merchantSecret")}
        >
          <input id="merchantSecret" type="password" autoComplete="off" className={inputClass} aria-invalid={!!errors.merchantSecret} {...register("merchantSecret")} />
        </Field>
      </div>
      <Field
        id="privateKey"
        label="Merchant RSA private key (PKCS#8)"
        hint={editing ? "Leave empty to keep the stored key." : "Leave empty and use “Generate key pair” after saving (recommended)."}
        error={err(errors, "privateKey")}
      >
        <textarea id="privateKey" rows={3} autoComplete="off" spellCheck={false} className={`${inputClass} font-mono text-xs`} aria-invalid={!!errors.privateKey} {...register("privateKey")} />
      </Field>
      <Field id="platformPublicKey" label="Platform public key (from the Smilepayz merchant backend)" error={err(errors, "platformPublicKey")}>
        <textarea id="platformPublicKey" rows={3} spellCheck={false} className={`${inputClass} font-mono text-xs`} aria-invalid={!!errors.platformPublicKey} {...register("platformPublicKey")} />
      </Field>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Balance accounts: the numbers under Finance → Balance in the Smilepayz merchant back office</legend>
        {accounts.fields.map((f, i) => (
          <div key={f.id} className="grid grid-cols-2 gap-2 sm:grid-cols-4 [&>*]:min-w-0">
            <select aria-label={`Account ${i + 1} currency`} className={inputClass} {...register(`accounts.${i}.currency`)}>
              {REGIONS.map((r) => (
                <option key={r.code} value={r.currency}>
                  {r.currency}
                </option>
              ))}
            </select>
            <select aria-label={`Account ${i + 1} kind`} className={inputClass} {...register(`accounts.${i}.kind`)}>
              <option value="payout">Pay-out</option>
              <option value="payin">Pay-in</option>
            </select>
            <div>
              <input
                aria-label={`Account ${i + 1} number`}
                inputMode="numeric"
                placeholder="Digits"
                className={inputClass}
                aria-invalid={!!err(errors, `accounts.${i}.accountNo`)}
                {...register(`accounts.${i}.accountNo`)}
              />
              {err(errors, `accounts.${i}.accountNo`) ? <p role="alert" className="text-sm text-red-700">{err(errors, `accounts.${i}.accountNo`)}</p> : null}
            </div>
            <button type="button" className={secondaryButtonClass} onClick={() => accounts.remove(i)}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className={secondaryButtonClass} onClick={() => accounts.append({ currency: "THB", kind: "payout", accountNo: "" })}>
          Add account
        </button>
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Sub-merchants</legend>
        {subs.fields.map((f, i) => (
          <div key={f.id} className="grid grid-cols-1 gap-2 sm:grid-cols-3 [&>*]:min-w-0">
            <div>
              <input aria-label={`Sub-merchant ${i + 1} id`} className={inputClass} {...register(`subMerchants.${i}.subMerchantId`)} />
              {err(errors, `subMerchants.${i}.subMerchantId`) ? <p role="alert" className="text-sm text-red-700">{err(errors, `subMerchants.${i}.subMerchantId`)}</p> : null}
            </div>
            <div>
              <input aria-label={`Sub-merchant ${i + 1} name`} className={inputClass} {...register(`subMerchants.${i}.name`)} />
              {err(errors, `subMerchants.${i}.name`) ? <p role="alert" className="text-sm text-red-700">{err(errors, `subMerchants.${i}.name`)}</p> : null}
            </div>
            <button type="button" className={secondaryButtonClass} onClick={() => subs.remove(i)}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className={secondaryButtonClass} onClick={() => subs.append({ subMerchantId: "", name: "" })}>
          Add sub-merchant
        </button>
      </fieldset>

      {editing ? null : (
        <p className="text-sm text-amber-800" data-testid="four-eyes-hint">
          A new credential is a new way for money to leave. {FOUR_EYES_SENTENCE} Until then it does not exist.
        </p>
      )}
      <button type="submit" className={buttonClass} disabled={isSubmitting}>
        {editing ? "Save changes" : "Create credential"}
      </button>
    </form>
  );
}
