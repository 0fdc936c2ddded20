"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch, type FieldErrors, type Resolver, type UseFormRegister } from "react-hook-form";
import { CredentialField, useCredentialOptions } from "@/components/orders/credential-field";
import { BeneficiaryFields } from "@/components/payouts/beneficiary-fields";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import { Options } from "@/components/ui/options";
import type { BeneficiaryView } from "@/lib/beneficiaries/beneficiary-view";
import { createBeneficiarySchema, editBeneficiarySchema, type CreateBeneficiaryInput } from "@/lib/beneficiaries/schemas";
import { apiFetch, applyFieldErrors } from "@/lib/http/api-fetch";
import type { CreatePayoutInput } from "@/lib/payouts/schemas";
import { REGIONS } from "@/lib/smilepayz/regions";

type Values = Record<"credentialId" | "region" | "method" | "account" | "receiverName" | "taxNumber" | "network" | "label", string>;
const DETAILS = ["region", "method", "account", "receiverName", "taxNumber", "network"] as const;

function startValues(b?: BeneficiaryView): Values {
  return {
    credentialId: b ? String(b.credentialId) : "", region: b?.region ?? "", method: b?.method ?? "", account: b?.account ?? "",
    receiverName: b?.receiverName ?? "", taxNumber: b?.taxNumber ?? "", network: b?.network ?? "", label: b?.label ?? "",
  };
}

/**
 * Add a beneficiary, or edit one (`existing`): the pay-out's own payee fields and region rules (the server parses
 * the same schema), every message after one submit. New or changed bank details wait for a second person.
 */
export function BeneficiaryForm({ existing }: { existing?: BeneficiaryView }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const options = useCredentialOptions();
  const schema = existing ? editBeneficiarySchema : createBeneficiarySchema;
  const { register, handleSubmit, formState, control, setValue, getValues, trigger, setError } = useForm<Values>({
    resolver: zodResolver(schema) as unknown as Resolver<Values>,
    mode: "onChange",
    defaultValues: startValues(existing),
  });
  const values = useWatch({ control }) as Values;
  const errors = formState.errors;
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: (v: Values) =>
      existing
        ? apiFetch<{ beneficiary: BeneficiaryView }>(`/api/beneficiaries/${existing.id}`, { method: "PATCH", body: body(v, false) })
        : apiFetch<{ beneficiary: BeneficiaryView }>("/api/beneficiaries", { body: body(v, true) }),
    onSuccess: async ({ beneficiary }) => {
      await queryClient.invalidateQueries({ queryKey: ["beneficiaries"] });
      router.push(`/beneficiaries/${beneficiary.id}`);
    },
    onError: (err) => applyFieldErrors(err, setError),
  });
  const detailsChanged = existing ? DETAILS.some((k) => (values[k] ?? "") !== startValues(existing)[k]) : false;
  const onRegion = (region: string) => {
    const only = REGIONS.find((r) => r.code === region)?.payout.methods;
    setValue("method", only?.length === 1 && only[0] ? only[0].code : "");
    for (const f of ["account", "receiverName", "taxNumber", "network"] as const) setValue(f, "");
  };
  const submit = handleSubmit(() => (detailsChanged ? setConfirming(true) : save.mutate(getValues())));

  return (
    <form noValidate aria-label={existing ? "Edit beneficiary" : "New beneficiary"} className="max-w-2xl space-y-4 rounded-lg border bg-white p-4" onSubmit={submit}>
      <p className="text-sm text-slate-600">
        {existing
          ? "Changing the bank details sends this beneficiary back for verification: it cannot be paid by picking it until another approver verifies it. A new name alone changes nothing else."
          : "A new beneficiary waits for another approver to verify its bank details; only then can finance pay it by picking it."}
      </p>
      <Field id="label" label="Name to find it by" error={errors.label?.message} hint="For example the supplier's name and what you pay them for">
        <input id="label" autoComplete="off" className={inputClass} aria-invalid={errors.label ? true : undefined} {...register("label")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        {existing ? (
          <Field id="credential" label="Merchant credential">
            <p className="py-2 text-sm">{existing.merchantName}</p>
          </Field>
        ) : (
          <CredentialField options={options} error={errors.credentialId?.message} select={{ "aria-invalid": errors.credentialId ? true : undefined, ...register("credentialId") }} />
        )}
        <Field id="region" label="Region" error={errors.region?.message}>
          <select id="region" className={inputClass} aria-invalid={errors.region ? true : undefined} {...register("region", { onChange: (e) => onRegion(e.target.value) })}>
            <option value="">Choose…</option>
            <Options items={REGIONS.map((r) => [r.code, `${r.name} (${r.currency})`])} />
          </select>
        </Field>
        <BeneficiaryFields
          region={values.region}
          method={values.method}
          register={register as unknown as UseFormRegister<CreatePayoutInput>}
          errors={errors as FieldErrors<CreatePayoutInput>}
          recheckAccount={() => void (getValues("account") && trigger("account"))}
        />
      </div>
      {save.error && Object.keys(errors).length === 0 ? (
        <p role="alert" className="text-sm text-red-700">
          {save.error.message}
        </p>
      ) : null}
      <button type="submit" className={buttonClass} disabled={save.isPending}>
        {save.isPending ? "Saving…" : existing ? "Save changes" : "Add beneficiary"}
      </button>
      <ConfirmDialog
        open={confirming}
        title="Change the bank details?"
        body={`“${existing?.label ?? ""}” goes back to waiting for verification: nobody can pay it by picking it until another approver verifies the new details.`}
        confirmLabel="Change and send for verification"
        tone="danger"
        onConfirm={() => {
          setConfirming(false);
          save.mutate(getValues());
        }}
        onCancel={() => setConfirming(false)}
      />
    </form>
  );
}

/** The raw strings, empty optional fields left out (the server parses the same schema). */
function body(v: Values, withCredential: boolean): Partial<CreateBeneficiaryInput> {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) if (value.trim() !== "" && (withCredential || k !== "credentialId")) out[k] = value;
  return out as Partial<CreateBeneficiaryInput>;
}
