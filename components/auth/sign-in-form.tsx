"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { signInSchema, type SignInInput } from "@/lib/auth/schemas";
import { postSignIn } from "@/lib/auth/post-sign-in";
import { describeSignInError, parseSignInError, waitSentence } from "@/lib/auth/sign-in-errors";
import { Field, buttonClass, inputClass } from "@/components/ui/field";

/**
 * E-mail, password and code in one step, and one answer for every failure: the page never tells a right password
 * from a wrong one. Without two-factor the code is left empty (roles that need it are made to enrol next).
 */
export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  // After failures the server looks at the next attempt only after a wait: count it down, keep the button off.
  const [waitLeft, setWaitLeft] = useState(0);
  // Lost phone: the code field takes one of the recovery codes given at enrolment instead.
  const [recovery, setRecovery] = useState(false);
  useEffect(() => {
    if (waitLeft <= 0) return;
    const t = setTimeout(() => setWaitLeft((s) => s - 1), 1_000);
    return () => clearTimeout(t);
  }, [waitLeft]);
  const {
    register,
    handleSubmit,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<SignInInput>({ resolver: zodResolver(signInSchema) });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const res = await postSignIn({ email: values.email, password: values.password, totp: values.totp ?? "" }, window.location.href);
    if (res.ok) {
      router.replace(next);
      router.refresh();
      return;
    }
    const { waitSeconds } = parseSignInError(res.error);
    // A code is good once: the next attempt needs the next one from the app.
    setValue("totp", "");
    setWaitLeft(waitSeconds);
    setFormError(describeSignInError(res.error));
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Sign in">
      {formError ? (
        <div role="alert" data-testid="sign-in-error" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {formError}
          {waitLeft > 0 ? <span data-testid="sign-in-wait"> {waitSentence(waitLeft)}</span> : null}
        </div>
      ) : null}
      <Field id="email" label="E-mail" error={errors.email?.message}>
        <input id="email" type="email" autoComplete="username" className={inputClass} aria-invalid={!!errors.email} {...register("email")} />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <input id="password" type="password" autoComplete="current-password" className={inputClass} aria-invalid={!!errors.password} {...register("password")} />
      </Field>
      {recovery ? (
        <Field id="totp" label="Recovery code" error={errors.totp?.message} hint="One of the ten codes you saved when you set up two-factor (like abcde-23456). Each works once.">
          <input id="totp" autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={11} className={inputClass} aria-invalid={!!errors.totp} {...register("totp")} />
        </Field>
      ) : (
        <Field id="totp" label="Authenticator code" error={errors.totp?.message} hint="The 6 digits from your authenticator app. Leave it empty if you have not set up two-factor yet.">
          <input id="totp" inputMode="numeric" autoComplete="one-time-code" maxLength={6} className={inputClass} aria-invalid={!!errors.totp} {...register("totp")} />
        </Field>
      )}
      <button
        type="button"
        className="text-sm text-slate-700 underline"
        onClick={() => {
          setValue("totp", "");
          setRecovery((r) => !r);
        }}
      >
        {recovery ? "Use the code from my app" : "Lost your phone? Use a recovery code"}
      </button>
      <button type="submit" className={`${buttonClass} w-full`} disabled={isSubmitting || waitLeft > 0}>
        {isSubmitting ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
