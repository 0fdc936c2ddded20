"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import { ROLES, ROLE_LABELS } from "@/lib/auth/permissions";
import { apiFetch, applyFieldErrors } from "@/lib/http/api-fetch";
import { createUserSchema, type CreateUserInput } from "@/lib/users/schemas";

interface MerchantOption {
  id: number;
  name: string;
  merchantId: string;
}

export function CreateUserForm({ merchants }: { merchants: MerchantOption[] }) {
  const qc = useQueryClient();
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<CreateUserInput>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { role: "finance", merchantIds: [] },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const res = await apiFetch<{ user: { email: string }; oneTimePassword: string }>("/api/users", { body: values });
      setCreated({ email: res.user.email, password: res.oneTimePassword });
      reset({ email: "", name: "", role: "finance", merchantIds: [] });
      await qc.invalidateQueries({ queryKey: ["users"] });
    } catch (err) {
      if (!applyFieldErrors(err, setError)) setFormError(err instanceof Error ? err.message : "Could not create the user");
    }
  });

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-semibold">Add a user</h2>
      {created ? (
        <div role="status" data-testid="one-time-password" className="mb-3 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm">
          {created.email} can sign in once with <code className="font-mono font-semibold">{created.password}</code> and
          must then choose a new password. This password is shown only now.
        </div>
      ) : null}
      {formError ? <p role="alert" className="mb-2 text-sm text-red-700">{formError}</p> : null}
      <form onSubmit={onSubmit} noValidate className="grid gap-3 sm:grid-cols-4" aria-label="Add a user">
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
        <Field id="new-merchants" label="Merchants" hint="None selected: all merchants." error={errors.merchantIds?.message}>
          <select id="new-merchants" multiple className={inputClass} {...register("merchantIds", { setValueAs: toIds })}>
            {merchants.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.merchantId})
              </option>
            ))}
          </select>
        </Field>
        <div className="sm:col-span-4">
          <button type="submit" className={buttonClass} disabled={isSubmitting}>
            Add user
          </button>
        </div>
      </form>
    </section>
  );
}

function toIds(v: unknown): number[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null || v === "" ? [] : [v];
  return list.map((x) => Number(x)).filter((n) => Number.isInteger(n) && n > 0);
}
