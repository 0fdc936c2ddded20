"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { RecoveryCodesShown } from "./recovery-codes-shown";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import { totpCodeSchema, type TotpCodeInput } from "@/lib/auth/schemas";
import { apiFetch, applyFieldErrors } from "@/lib/http/api-fetch";

interface Enrolment {
  secret: string;
  uri: string;
  qrDataUrl: string;
}

/** `next`: where to go afterwards (already checked by safeNext on the server). */
export function TwoFactorSetup({ required, next = "/" }: { required: boolean; next?: string }) {
  const start = useMutation({ mutationFn: () => apiFetch<Enrolment>("/api/account/two-factor/start", { body: {} }) });
  const { register, handleSubmit, setError, formState } = useForm<TotpCodeInput>({ resolver: zodResolver(totpCodeSchema) });
  const [codes, setCodes] = useState<string[] | null>(null);

  const onConfirm = handleSubmit(async (values) => {
    try {
      const res = await apiFetch<{ recoveryCodes: string[] }>("/api/account/two-factor/confirm", { body: values });
      // The recovery codes first (shown once); then a full load: the layout must be rebuilt now that set-up is complete.
      setCodes(res.recoveryCodes);
    } catch (err) {
      if (!applyFieldErrors(err, setError)) setError("code", { message: err instanceof Error ? err.message : "Failed" });
    }
  });

  if (codes) {
    return (
      <div className="space-y-3">
        <p role="status" className="text-sm text-emerald-800">
          Two-factor sign-in is on.
        </p>
        <RecoveryCodesShown codes={codes} doneLabel="I have saved them, continue" onDone={() => window.location.assign(next)} />
      </div>
    );
  }
  if (!start.data) {
    return (
      <div className="space-y-3">
        {required ? <p className="text-sm text-amber-800">Your role requires two-factor sign-in. Set it up to continue.</p> : null}
        {start.error ? <p role="alert" className="text-sm text-red-700">{start.error.message}</p> : null}
        <button type="button" className={buttonClass} onClick={() => start.mutate()} disabled={start.isPending}>
          Set up two-factor sign-in
        </button>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-sm">Scan this QR code with an authenticator app (Google Authenticator, 1Password, Authy…).</p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server, not an optimisable asset */}
      <img src={start.data.qrDataUrl} alt="Two-factor QR code" width={220} height={220} className="rounded border" />
      <p className="text-sm">
        Or type this key: <code data-testid="totp-secret" className="rounded bg-slate-100 px-1 font-mono">{start.data.secret}</code>
      </p>
      <form onSubmit={onConfirm} noValidate className="max-w-xs space-y-3" aria-label="Confirm two-factor">
        <Field id="code" label="Code from the app" error={formState.errors.code?.message}>
          <input id="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} className={inputClass} aria-invalid={!!formState.errors.code} {...register("code")} />
        </Field>
        <button type="submit" className={buttonClass} disabled={formState.isSubmitting}>
          Turn on two-factor
        </button>
      </form>
    </div>
  );
}
