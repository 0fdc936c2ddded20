"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field, buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { TimeText } from "@/components/ui/time-text";
import type { SessionView } from "@/lib/account/list-sessions";
import { totpCodeSchema, type TotpCodeInput } from "@/lib/auth/schemas";
import { apiFetch, applyFieldErrors } from "@/lib/http/api-fetch";
import { RecoveryCodesShown } from "./recovery-codes-shown";

const SESSIONS_KEY = ["account", "sessions"];

/** The person's open sessions (device, address, last active), each other one can be ended, or all others at once. */
export function SessionsList() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: SESSIONS_KEY, queryFn: () => apiFetch<{ sessions: SessionView[] }>("/api/account/sessions") });
  const end = useMutation({
    mutationFn: (which: number | "others") =>
      apiFetch(which === "others" ? "/api/account/sessions/end-others" : `/api/account/sessions/${which}/end`, { body: {} }),
    onSettled: () => qc.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
  const rows = q.data?.sessions ?? [];
  const others = rows.filter((r) => !r.current).length;
  return (
    <section aria-labelledby="sessions-title" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="sessions-title" className="text-lg font-semibold">
          Sessions
        </h2>
        {others > 0 ? (
          <button type="button" className={secondaryButtonClass} disabled={end.isPending} onClick={() => end.mutate("others")}>
            End all other sessions
          </button>
        ) : null}
      </div>
      <p className="text-sm text-slate-600">Where you are signed in now. A session ends after 15 minutes without use, or 12 hours after sign-in.</p>
      {end.error ? <p role="alert" className="text-sm text-red-700">{end.error.message}</p> : null}
      {q.isLoading ? <p className="text-sm text-slate-500">Loading sessions…</p> : null}
      <ul data-testid="sessions-list" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {rows.map((s) => (
          <li key={s.id} data-testid="session-row" data-current={s.current} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
            <div className="min-w-0">
              <p className="font-medium">
                {s.device}
                {s.current ? <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-800">This browser</span> : null}
              </p>
              <p className="break-all text-slate-600">
                {s.ip ?? "unknown address"} · last active <TimeText at={s.lastActiveAt} /> · signed in <TimeText at={s.createdAt} />
              </p>
            </div>
            {s.current ? null : (
              <button type="button" className={secondaryButtonClass} disabled={end.isPending} onClick={() => end.mutate(s.id)}>
                End
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** New recovery codes with a current code from the app (the old ones stop working). */
export function RegenerateRecoveryCodes({ unused }: { unused: number }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const [left, setLeft] = useState(unused);
  const { register, handleSubmit, setError, reset, formState } = useForm<TotpCodeInput>({ resolver: zodResolver(totpCodeSchema) });
  const onSubmit = handleSubmit(async (values) => {
    try {
      const res = await apiFetch<{ recoveryCodes: string[] }>("/api/account/recovery-codes", { body: values });
      setCodes(res.recoveryCodes);
      setLeft(res.recoveryCodes.length);
      reset();
    } catch (err) {
      if (!applyFieldErrors(err, setError)) setError("code", { message: err instanceof Error ? err.message : "Failed" });
    }
  });
  return (
    <section aria-labelledby="recovery-title" className="space-y-3">
      <h2 id="recovery-title" className="text-lg font-semibold">
        Recovery codes
      </h2>
      <p className="text-sm text-slate-600" data-testid="recovery-codes-left">
        {left === 0 ? "You have no unused recovery codes. Make new ones now." : `${left} of 10 unused.`} Making new ones replaces the old ones.
      </p>
      {codes ? (
        <RecoveryCodesShown codes={codes} doneLabel="Done" onDone={() => setCodes(null)} />
      ) : (
        <form onSubmit={onSubmit} noValidate className="flex max-w-md flex-wrap items-end gap-2" aria-label="New recovery codes">
          <div className="w-40">
            <Field id="recovery-totp" label="Code from the app" error={formState.errors.code?.message}>
              <input id="recovery-totp" inputMode="numeric" autoComplete="one-time-code" maxLength={6} className={inputClass} aria-invalid={!!formState.errors.code} {...register("code")} />
            </Field>
          </div>
          <button type="submit" className={buttonClass} disabled={formState.isSubmitting}>
            Make new recovery codes
          </button>
        </form>
      )}
    </section>
  );
}
