"use client";

import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type ButtonHTMLAttributes } from "react";
import { buttonClass, secondaryButtonClass } from "@/components/ui/field";
import { newIdempotencyKey, requestBody } from "@/components/payouts/payout-form-logic";
import { ApiError, apiFetch, applyFieldErrors } from "@/lib/http/api-fetch";

/**
 * What the new pay-out and new pay-in forms share: one Idempotency-Key per form instance (a double click, a second
 * submit or a retry after a lost answer creates one order), the review step, and field errors sent back to the form.
 */
export function useOrderSubmit<V extends Record<string, string>, T, R>(
  kind: "payout" | "payin",
  setError: (name: never, error: { message: string }) => void,
  onSuccess?: (r: R) => void,
) {
  const [idempotencyKey] = useState(() => newIdempotencyKey());
  // A double click lands before React re-renders the disabled button: guard synchronously (the key guards the rest).
  const inFlight = useRef(false);
  const [review, setReview] = useState<{ raw: V; order: T } | null>(null);
  const submit = useMutation({
    mutationFn: (raw: V) => apiFetch<R>(`/api/${kind}s`, { body: requestBody(raw), headers: { "Idempotency-Key": idempotencyKey } }),
    onSuccess,
    onError: (err) => {
      inFlight.current = false;
      if (applyFieldErrors(err, setError)) setReview(null);
    },
  });
  const create = () => {
    if (!review || inFlight.current) return;
    inFlight.current = true;
    submit.mutate(review.raw);
  };
  return { review, setReview, submit, create };
}

/** The review step's foot: the request's own error (field errors go back to the form), Back to edit, Create. */
export function ReviewFoot({ error, busy, onBack, children, ...create }: { error: Error | null; busy: boolean; onBack: () => void } & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <>
      {error && !(error instanceof ApiError && Object.keys(error.fields).length) ? (
        <p role="alert" className="text-sm text-red-700">
          {error.message}
        </p>
      ) : null}
      <div className="flex flex-col-reverse gap-2 sm:flex-row">
        <button type="button" className={secondaryButtonClass} onClick={onBack} disabled={busy}>
          Back to edit
        </button>
        <button type="button" className={buttonClass} {...create}>
          {children}
        </button>
      </div>
    </>
  );
}
