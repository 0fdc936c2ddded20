"use client";

import { useCallback, useState } from "react";
import { ApiError } from "@/lib/http/api-fetch";
import { DecisionDialog, type DecisionRequest } from "./decision-dialog";

/** The server's message, or its first field message (a wrong code comes back as fields.code). */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return Object.values(err.fields)[0] ?? err.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * `const { ask, dialog } = useDecision()`, then `ask(request, async (value) => …)`; render `{dialog}` once.
 * The dialog stays open with the server's message when the action fails, and closes when it succeeds.
 */
export function useDecision() {
  const [open, setOpen] = useState<{ request: DecisionRequest; run: (value: string) => Promise<void> } | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ask = useCallback((request: DecisionRequest, run: (value: string) => Promise<void>) => {
    setError(null);
    setOpen({ request, run });
  }, []);
  const cancel = useCallback(() => {
    if (!pending) setOpen(null);
  }, [pending]);
  const dialog = open ? (
    <DecisionDialog
      key={open.request.title + open.request.question}
      request={open.request}
      pending={pending}
      error={error}
      onCancel={cancel}
      onSubmit={(value) => {
        setPending(true);
        setError(null);
        open
          .run(value)
          .then(() => setOpen(null))
          .catch((err: unknown) => setError(errorText(err)))
          .finally(() => setPending(false));
      }}
    />
  ) : null;
  return { ask, dialog };
}
