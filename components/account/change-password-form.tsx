"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/auth/schemas";
import { apiFetch, applyFieldErrors } from "@/lib/http/api-fetch";

/** `next`: where to go afterwards (already checked by safeNext on the server). */
export function ChangePasswordForm({ next = "/" }: { next?: string }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await apiFetch("/api/account/password", { body: values });
      // A full load: the layout (navigation) must be rebuilt now that set-up is complete.
       
      window.location.assign(next);
    } catch (err) {
      if (!applyFieldErrors(err, setError)) setFormError(err instanceof Error ? err.message : "Could not change the password");
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-sm space-y-4" aria-label="Change password">
      {formError ? <p role="alert" className="text-sm text-red-700">{formError}</p> : null}
      <Field id="currentPassword" label="Current password" error={errors.currentPassword?.message}>
        <input id="currentPassword" type="password" autoComplete="current-password" className={inputClass} aria-invalid={!!errors.currentPassword} {...register("currentPassword")} />
      </Field>
      <Field id="newPassword" label="New password" error={errors.newPassword?.message} hint="At least 12 characters.">
        <input id="newPassword" type="password" autoComplete="new-password" className={inputClass} aria-invalid={!!errors.newPassword} {...register("newPassword")} />
      </Field>
      <Field id="confirmPassword" label="Repeat the new password" error={errors.confirmPassword?.message}>
        <input id="confirmPassword" type="password" autoComplete="new-password" className={inputClass} aria-invalid={!!errors.confirmPassword} {...register("confirmPassword")} />
      </Field>
      <button type="submit" className={buttonClass} disabled={isSubmitting}>
        Change password
      </button>
    </form>
  );
}
