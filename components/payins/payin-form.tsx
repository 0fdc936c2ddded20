"use client";

import { methodName } from "@/lib/words/methods";
import Link from "next/link";
import { useEffect } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field, buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { CredentialField, useCredentialOptions } from "@/components/orders/credential-field";
import type { PayinView } from "@/lib/orders/order-view";
import { PAYER_DESCRIPTION_MAX, type CreatePayin, type CreatePayinInput } from "@/lib/payins/schemas";
import { REGIONS } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import { CopyButton } from "@/components/orders/copy-button";
import { ReviewFoot, useOrderSubmit } from "@/components/orders/order-form";
import { durationWords } from "./countdown";
import { EMPTY_PAYIN_FORM, payinAmountPreview, payinResolver, type PayinFormValues } from "./payin-form-logic";
import { Options } from "@/components/ui/options";

type Created = PayinView & { payerLink: string | null };

const PAYIN_REGIONS = REGIONS.filter((r) => r.payin !== null);

/** New pay-in: fill in (errors from the server's own schema), review the wire amount, create, hand the link over. */
export function PayinForm() {
  const options = useCredentialOptions();
  const { register, handleSubmit, formState, control, setValue, getValues, setError, trigger } = useForm<CreatePayinInput, unknown, CreatePayin>({
    resolver: payinResolver,
    mode: "onChange",
    defaultValues: EMPTY_PAYIN_FORM as unknown as CreatePayinInput,
  });
  const errors = formState.errors;
  const values = useWatch({ control }) as PayinFormValues;
  const region = PAYIN_REGIONS.find((r) => r.code === values.region);
  const method = region?.payin?.methods.find((m) => m.code === values.method);
  const preview = payinAmountPreview(values.region, values.amount);
  useEffect(() => {
    const only = options.data?.length === 1 ? options.data[0] : undefined;
    if (only && !getValues("credentialId")) setValue("credentialId", String(only.id) as never);
  }, [options.data, getValues, setValue]);

  const { review, setReview, submit, create } = useOrderSubmit<PayinFormValues, CreatePayin, { payin: Created }>("payin", setError);
  const aria = (name: keyof PayinFormValues) => ({ "aria-invalid": errors[name] ? true : undefined, "aria-describedby": errors[name] ? `${name}-error` : undefined });

  if (submit.data) {
    const p = submit.data.payin;
    return (
      <section className="max-w-2xl space-y-3 rounded-lg border bg-white p-4" aria-label="Pay-in created">
        <p className="font-medium">
          Pay-in <span className="font-mono">{p.orderNo}</span> of {p.amountDisplay} created.
        </p>
        {p.payerLink ? (
          <div className="space-y-1">
            <p className="text-sm text-slate-700">Send this link to the payer. It is shown once here; the pay-in page can issue a new one.</p>
            <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
              <input readOnly value={p.payerLink} className={`${inputClass} font-mono text-xs`} aria-label="Payer link" data-testid="payer-link" />
              <CopyButton text={p.payerLink} label="Copy link" />
            </div>
          </div>
        ) : null}
        <Link href={`/payins/${p.id}`} className={secondaryButtonClass} data-testid="open-payin">
          Open the pay-in
        </Link>
      </section>
    );
  }

  if (review) {
    const r = review.order;
    const reg = PAYIN_REGIONS.find((x) => x.code === r.region);
    return (
      <div className="max-w-2xl space-y-4">
        <section className="space-y-2 rounded-lg border bg-white p-4 text-sm" aria-label="Review">
          <h2 className="font-semibold">Check before creating</h2>
          <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-500">Amount</dt>
            <dd data-testid="review-amount">
              {reg ? formatMoney(r.amountMinor, reg) : ""} · {reg?.amount.describe(r.amountMinor)}
            </dd>
            <dt className="text-slate-500">Method</dt>
            <dd>{methodName(r.region, r.method, "payin")}</dd>
            <dt className="text-slate-500">Payer</dt>
            <dd>
              {r.payerName} · {r.payerBank} {r.payerAccount}
            </dd>
            <dt className="text-slate-500">Payer sees</dt>
            <dd data-testid="review-payer-description">{r.payerDescription ?? "no description"}</dd>
            <dt className="text-slate-500">Expires after</dt>
            <dd data-testid="review-expiry">{durationWords(r.expirySeconds)}</dd>
            {r.redirectUrl ? (
              <>
                <dt className="text-slate-500">Payer returns to</dt>
                <dd className="break-all">{r.redirectUrl}</dd>
              </>
            ) : null}
          </dl>
          <p className="text-slate-600">The payer may be asked a slightly different amount by the gateway; their page says so.</p>
        </section>
        <ReviewFoot error={submit.error} busy={submit.isPending} onBack={() => setReview(null)} disabled={submit.isPending} onClick={create}>
          {submit.isPending ? "Creating…" : `Create pay-in of ${preview?.display ?? ""}`}
        </ReviewFoot>
      </div>
    );
  }

  return (
    <form noValidate aria-label="New pay-in" className="max-w-2xl space-y-4 rounded-lg border bg-white p-4" onSubmit={handleSubmit((payin) => setReview({ raw: getValues() as PayinFormValues, order: payin }))}>
      <div className="grid gap-4 sm:grid-cols-2">
        <CredentialField options={options} error={errors.credentialId?.message} select={{ ...aria("credentialId"), ...register("credentialId") }} />
        <Field id="region" label="Region" error={errors.region?.message}>
          <select id="region" className={inputClass} {...aria("region")} {...register("region")}>
            <Options items={PAYIN_REGIONS.map((r) => [r.code, `${r.name} (${r.currency})`])} />
          </select>
        </Field>
        <Field id="method" label="Method" error={errors.method?.message}>
          <select id="method" className={inputClass} {...aria("method")} {...register("method")}>
            <Options items={region?.payin?.methods.map((m) => [m.code, `${m.name} (${formatMoney(m.minAmount, region, { entry: true })} – ${formatMoney(m.maxAmount, region, { entry: true })})`])} />
          </select>
        </Field>
        <Field
          id="amount"
          label={`Amount${region ? ` in ${region.currency}` : ""}`}
          error={errors.amount?.message}
          hint={method && region ? `${formatMoney(method.minAmount, region, { entry: true })} to ${formatMoney(method.maxAmount, region, { entry: true })}` : undefined}
          after={preview ? <p className="text-xs text-slate-600" data-testid="amount-preview">{preview.display} · {preview.wire}</p> : null}
        >
          <input id="amount" inputMode="decimal" autoComplete="off" placeholder="300" className={inputClass} {...aria("amount")} {...register("amount")} />
        </Field>
        <Field id="payerName" label="Payer's name" error={errors.payerName?.message}>
          <input id="payerName" autoComplete="off" className={inputClass} {...aria("payerName")} {...register("payerName")} />
        </Field>
        <Field id="payerBank" label="Payer's bank" error={errors.payerBank?.message}>
          <select id="payerBank" className={inputClass} {...aria("payerBank")} {...register("payerBank")}>
            <option value="">Choose…</option>
            <Options items={region?.payout.methods.filter((m) => m.kind === "bank").map((m) => [m.code, m.label])} />
          </select>
        </Field>
        <Field id="payerAccount" label="Payer's account number" error={errors.payerAccount?.message}>
          <input id="payerAccount" autoComplete="off" inputMode="numeric" className={`${inputClass} font-mono`} {...aria("payerAccount")} {...register("payerAccount")} />
        </Field>
        <Field id="purpose" label="Purpose" hint="For your team and the gateway; the payer never sees it" error={errors.purpose?.message}>
          <input id="purpose" autoComplete="off" className={inputClass} {...aria("purpose")} {...register("purpose")} />
        </Field>
        <Field id="payerDescription" label="What the payer sees (optional)" hint={`Shown on the payer's page, at most ${PAYER_DESCRIPTION_MAX} characters`} error={errors.payerDescription?.message}>
          <input id="payerDescription" autoComplete="off" className={inputClass} {...aria("payerDescription")} {...register("payerDescription")} />
        </Field>
        <Field id="expiryAmount" label="The payer has" hint={`From 1 minute to ${durationWords(region?.payin?.expiryPeriod?.maxSeconds ?? 86_400)}; usually 1 hour`} error={errors.expiryAmount?.message ?? errors.expirySeconds?.message}>
          <div className="flex gap-2">
            <input id="expiryAmount" inputMode="numeric" autoComplete="off" className={`${inputClass} w-24`} {...aria("expiryAmount")} {...register("expiryAmount")} />
            <select id="expiryUnit" aria-label="Unit" className={inputClass} {...register("expiryUnit", { onChange: () => void trigger("expiryAmount") })}>
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
            </select>
          </div>
        </Field>
        <Field id="redirectUrl" label="Return address (optional)" hint="Where the payer goes after paying" error={errors.redirectUrl?.message}>
          <input id="redirectUrl" type="url" autoComplete="off" className={inputClass} {...aria("redirectUrl")} {...register("redirectUrl")} />
        </Field>
        <Field id="orderNo" label="orderNo (optional)" hint="Generated if empty" error={errors.orderNo?.message}>
          <input id="orderNo" autoComplete="off" className={`${inputClass} font-mono`} {...aria("orderNo")} {...register("orderNo")} />
        </Field>
      </div>
      <button type="submit" className={buttonClass} disabled={formState.isSubmitting}>
        Review
      </button>
    </form>
  );
}
