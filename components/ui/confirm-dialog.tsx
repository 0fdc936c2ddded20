"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { buttonClass, secondaryButtonClass } from "./field";

export interface ConfirmRequest {
  title: string;
  /** The consequence, in words a person acts on: "Pay-outs stop until the new key is uploaded." */
  body: ReactNode;
  confirmLabel: string;
  /** danger: red confirm button, for money, keys and access. */
  tone?: "danger" | "normal";
}

/**
 * A modal that names the consequence of a risky action. `const { confirm, dialog } = useConfirm();` then
 * `if (await confirm({ title, body, confirmLabel, tone: "danger" })) doIt();` and render `{dialog}` once.
 * Escape or Cancel resolves false; focus starts on Cancel so Enter never confirms by accident.
 */
export function useConfirm() {
  const [req, setReq] = useState<(ConfirmRequest & { resolve: (ok: boolean) => void }) | null>(null);
  const confirm = useCallback(
    (r: ConfirmRequest) => new Promise<boolean>((resolve) => setReq({ ...r, resolve })),
    [],
  );
  const close = (ok: boolean) => {
    req?.resolve(ok);
    setReq(null);
  };
  const dialog = req ? (
    <ConfirmDialog {...req} onConfirm={() => close(true)} onCancel={() => close(false)} />
  ) : null;
  return { confirm, dialog };
}

export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  tone = "normal",
  onConfirm,
  onCancel,
}: ConfirmRequest & { onConfirm: () => void; onCancel: () => void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onCancel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onCancel]);
  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/40 p-4 sm:items-center" role="presentation">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
        className="w-full max-w-md rounded-lg bg-white p-5 shadow-xl"
      >
        <h2 id="confirm-title" className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        <div id="confirm-body" className="mt-2 text-sm text-slate-700">
          {body}
        </div>
        <div className="mt-5 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <button ref={cancelRef} type="button" className={secondaryButtonClass} onClick={onCancel}>
            Cancel
          </button>
          <button
            type="button"
            data-confirm
            className={tone === "danger" ? `${buttonClass} bg-red-700 hover:bg-red-600` : buttonClass}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
