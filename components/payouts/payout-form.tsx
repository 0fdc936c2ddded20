"use client";

import { useIsFetching } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { EnvironmentBadge } from "@/components/merchants/environment-badge";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import { CredentialField, useCredentialOptions } from "@/components/orders/credential-field";
import type { PayoutView } from "@/lib/orders/order-view";
import type { CreatePayout, CreatePayoutInput } from "@/lib/payouts/schemas";
import { amountExample } from "@/lib/words/money";
import { REGIONS } from "@/lib/smilepayz/regions";
import { BalanceLine } from "./balance-line";
import { BeneficiaryFields } from "./beneficiary-fields";
import { CopiedFrom, useCopiedPayout } from "./copy-payout";
import { EMPTY_PAYOUT_FORM, amountHint, amountPreview, payoutResolver, requestBody, type PayoutFormValues } from "./payout-form-logic";
import { PayoutReview } from "./payout-review";
import { ReviewFoot, useOrderSubmit } from "@/components/orders/order-form";
import { Options } from "@/components/ui/options";
import { BeneficiaryPicker, SaveAsBeneficiary, useBeneficiaryChoice } from "@/components/beneficiaries/beneficiary-picker";

/**
 * New pay-out: fill in (errors as you type, from the server's own schema), review, send. One Idempotency-Key per
 * form instance, so a double click, a second submit or a retry after a lost answer creates one pay-out.
 */
export function PayoutForm({ from }: { from?: string }) {
  const router = useRouter();
  const options = useCredentialOptions();
  const { register, handleSubmit, formState, control, setValue, getValues, trigger, setError, reset } = useForm<CreatePayoutInput, unknown, CreatePayout>({
    resolver: payoutResolver,
    mode: "onChange",
    defaultValues: EMPTY_PAYOUT_FORM as unknown as CreatePayoutInput,
  });
  const errors = formState.errors;
  const values = useWatch({ control }) as PayoutFormValues;
  const preview = amountPreview(values.region, values.amount);
  const credential = options.data?.find((o) => String(o.id) === values.credentialId);
  const copied = useCopiedPayout(from, options.isSuccess, reset);
  // One credential: nothing to choose, so it is chosen (a copied pay-out keeps its own).
  useEffect(() => {
    const only = options.data?.length === 1 ? options.data[0] : undefined;
    if (only && !getValues("credentialId") && !from) setValue("credentialId", String(only.id) as never);
  }, [options.data, getValues, setValue, from]);

  const [notSaved, setNotSaved] = useState<{ id: number; why: string } | null>(null);
  const choice = useBeneficiaryChoice({ setValue: setValue as never, trigger });
  const { review, setReview, submit, create } = useOrderSubmit<PayoutFormValues, CreatePayout, { payout: PayoutView }>("payout", setError, async ({ payout }) => {
    const why = await choice.afterCreate(getValues() as unknown as Record<string, string>);
    if (why) setNotSaved({ id: payout.id, why });
    else router.push(`/payouts/${payout.id}`);
  });

  const recheckAccount = () => {
    if (getValues("account")) void trigger("account");
  };
  const onRegion = (region: string) => {
    const only = REGIONS.find((r) => r.code === region)?.payout.methods;
    setValue("method", only?.length === 1 && only[0] ? only[0].code : "");
    for (const f of ["account", "receiverName", "taxNumber", "network"] as const) setValue(f, "");
    if (getValues("amount")) void trigger("amount");
  };
  const checkingApproval = useIsFetching({ queryKey: ["approval-need"] }) > 0;
  const aria = (name: keyof PayoutFormValues) => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `${name}-error` : undefined,
  });

  if (notSaved) {
    return (
      <div role="alert" data-testid="beneficiary-not-saved" className="max-w-2xl space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
        <p>The pay-out was created. Its payee was not saved as a beneficiary: {notSaved.why}</p>
        <Link href={`/payouts/${notSaved.id}`} className="font-medium underline">
          Open the pay-out
        </Link>
      </div>
    );
  }

  if (review) {
    return (
      <div className="max-w-2xl space-y-4">
        <PayoutReview payout={review.order} body={requestBody(review.raw)} credential={credential} />
        <ReviewFoot
          error={submit.error}
          busy={submit.isPending || submit.isSuccess}
          onBack={() => setReview(null)}
          // Not before the approval check has answered: the person sees whether it waits for a second person first.
          disabled={submit.isPending || submit.isSuccess || checkingApproval}
          aria-describedby="review-approval"
          data-testid="create-payout"
          onClick={create}
        >
          {submit.isPending || submit.isSuccess ? "Sending…" : `Create pay-out of ${preview?.ok ? preview.display : ""}`}
        </ReviewFoot>
      </div>
    );
  }

  return (
    <form
      noValidate
      aria-label="New pay-out"
      className="max-w-2xl space-y-4 rounded-lg border bg-white p-4"
      onSubmit={handleSubmit((payout) => setReview({ raw: getValues() as PayoutFormValues, order: payout }))}
    >
      <CopiedFrom state={copied} />
      <div className="grid gap-4 sm:grid-cols-2">
        <CredentialField options={options} error={errors.credentialId?.message} select={{ ...aria("credentialId"), ...register("credentialId") }}>
          {credential ? <EnvironmentBadge environment={credential.environment} bundledSandbox={credential.bundledSandbox} /> : null}
        </CredentialField>
        <BeneficiaryPicker choice={choice} credentialId={values.credentialId} error={(errors as Record<string, { message?: string }>).beneficiaryId?.message} />
        {choice.picked ? null : (
          <>
            <Field id="region" label="Region" error={errors.region?.message}>
              <select id="region" className={inputClass} {...aria("region")} {...register("region", { onChange: (e) => onRegion(e.target.value) })}>
                <option value="">Choose…</option>
                <Options items={REGIONS.map((r) => [r.code, `${r.name} (${r.currency})`])} />
              </select>
            </Field>
            <BeneficiaryFields region={values.region} method={values.method} register={register} errors={errors} recheckAccount={recheckAccount} />
            <SaveAsBeneficiary choice={choice} />
          </>
        )}
      </div>
      <Field
        id="amount"
        label={`Amount${preview?.ok || values.region ? ` in ${REGIONS.find((r) => r.code === values.region)?.currency ?? ""}` : ""}`}
        error={errors.amount?.message}
        hint={amountHint(values.region)}
        after={
          <>
            {preview?.ok ? (
              <p className="text-xs text-slate-600" data-testid="amount-preview">
                {preview.display} · {preview.wire}
              </p>
            ) : null}
            <BalanceLine credentialId={values.credentialId} region={values.region} amountMinor={preview?.ok ? preview.minor : null} />
          </>
        }
      >
        <input id="amount" inputMode="decimal" autoComplete="off" placeholder={amountExample(REGIONS.find((r) => r.code === values.region))} className={`${inputClass} sm:max-w-xs`} {...aria("amount")} {...register("amount")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="purpose" label="Purpose" error={errors.purpose?.message}>
          <input id="purpose" autoComplete="off" className={inputClass} {...aria("purpose")} {...register("purpose")} />
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
