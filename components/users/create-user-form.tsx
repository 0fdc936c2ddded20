"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, useWatch, type FieldErrors } from "react-hook-form";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import { ROLES, ROLE_LABELS } from "@/lib/auth/permissions";
import { FOUR_EYES_SENTENCE, MONEY_ROLES, type PendingChangeRef } from "@/lib/pending-changes/kinds";
import { apiFetch, applyFieldErrors } from "@/lib/http/api-fetch";
import { createUserSchema, type CreateUserInput } from "@/lib/users/schemas";
import { MerchantAccessField, type MerchantOption } from "./merchant-access-field";

const EMPTY: CreateUserInput = { email: "", name: "", role: "finance", allMerchants: false, merchantIds: [] };

/** A message for any error, including one on an array item (merchantIds.0) that has no message of its own. */
function messageOf(e: FieldErrors<CreateUserInput>[keyof CreateUserInput]): string | undefined {
  if (!e) return undefined;
  return e.message ?? "Check this field";
}

export function CreateUserForm({ merchants }: { merchants: MerchantOption[] }) {
  const qc = useQueryClient();
  const [created, setCreated] = useState<{ email: string; password: string; pending: string | null } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, control, setValue, formState } = useForm<CreateUserInput>({
    resolver: zodResolver(createUserSchema),
    defaultValues: EMPTY,
  });
  const { errors, isSubmitting, isSubmitted } = formState;
  const allMerchants = useWatch({ control, name: "allMerchants" }) ?? false;
  const merchantIds = useWatch({ control, name: "merchantIds" }) ?? [];
  const role = useWatch({ control, name: "role" });

  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const res = await apiFetch<{ user: { email: string } | null; oneTimePassword: string; pendingChange: PendingChangeRef | null }>("/api/users", { body: values });
        setCreated({ email: res.user?.email ?? values.email, password: res.oneTimePassword, pending: res.pendingChange?.message ?? null });
        reset(EMPTY);
        await qc.invalidateQueries({ queryKey: ["users"] });
      } catch (err) {
        if (!applyFieldErrors(err, setError)) setFormError(err instanceof Error ? err.message : "Could not create the user");
      }
    },
    // Never fail silently: whatever the schema refused is said, even for a field without its own message.
    () => setFormError("Some fields need attention."),
  );

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-semibold">Add a user</h2>
      {created ? (
        <div role="status" data-testid="one-time-password" className="mb-3 break-words rounded border border-emerald-300 bg-emerald-50 p-3 text-sm">
          {created.email} can sign in once with <code className="font-mono font-semibold">{created.password}</code> and
          must then choose a new password. This password is shown only now.
          {created.pending ? (
            <strong className="mt-2 block text-amber-900" data-testid="pending-change-notice">
              {created.pending} Until then the account does not exist: see Pending changes.
            </strong>
          ) : null}
        </div>
      ) : null}
      {formError ? <p role="alert" data-testid="create-user-error" className="mb-2 text-sm text-red-700">{formError}</p> : null}
      <form onSubmit={onSubmit} noValidate className="grid gap-3 md:grid-cols-3" aria-label="Add a user">
        <Field id="new-email" label="E-mail" error={errors.email?.message}>
          <input id="new-email" type="email" className={inputClass} aria-invalid={!!errors.email} {...register("email")} />
        </Field>
        <Field id="new-name" label="Name" error={errors.name?.message}>
          <input id="new-name" className={inputClass} aria-invalid={!!errors.name} {...register("name")} />
        </Field>
        <Field id="new-role" label="Role" error={errors.role?.message}>
          <select id="new-role" className={inputClass} {...register("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        <div className="md:col-span-3">
          <MerchantAccessField
            merchants={merchants}
            value={{ allMerchants, merchantIds }}
            error={messageOf(errors.merchantIds) ?? messageOf(errors.allMerchants)}
            onChange={(v) => {
              setValue("allMerchants", v.allMerchants, { shouldValidate: isSubmitted });
              setValue("merchantIds", v.merchantIds, { shouldValidate: isSubmitted });
            }}
          />
        </div>
        <div className="space-y-2 md:col-span-3">
          {role && MONEY_ROLES.includes(role) ? (
            <p className="text-sm text-amber-800" data-testid="four-eyes-hint">
              A new {ROLE_LABELS[role]} can move money or control who does. {FOUR_EYES_SENTENCE}
            </p>
          ) : null}
          <button type="submit" className={buttonClass} disabled={isSubmitting}>
            Add user
          </button>
        </div>
      </form>
    </section>
  );
}
