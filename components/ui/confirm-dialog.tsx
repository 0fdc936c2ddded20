"use client";

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { buttonClass, secondaryButtonClass } from "./field";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** The consequence, in a sentence or two. */
  body: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** "danger" paints the confirm button red (money or keys at stake). */
  tone?: "default" | "danger";
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question before an action with consequences. The native <dialog> gives focus trapping, the
 * backdrop and Escape (which cancels); focus starts on Cancel so Enter alone never confirms.
 */
export function ConfirmDialog({ open, title, body, confirmLabel, cancelLabel = "Cancel", tone = "default", onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      cancelRef.current?.focus();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  const confirmClass =
    tone === "danger" ? buttonClass.replace("bg-slate-900", "bg-red-700").replace("hover:bg-slate-700", "hover:bg-red-800") : buttonClass;
  return (
    <dialog
      ref={ref}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid="confirm-dialog"
      className="w-[calc(100vw-2rem)] max-w-md rounded-lg border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/50"
      onCancel={(e) => {
        e.preventDefault(); // Escape: let the owner close it, so its state stays the one truth
        onCancel();
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) onCancel(); // a click on the backdrop
      }}
    >
      <div className="space-y-3 p-5">
        <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        <div id={`${id}-body`} className="text-sm text-slate-700">
          {body}
        </div>
        <div className="flex flex-col-reverse gap-2 pt-2 sm:flex-row sm:justify-end">
          <button ref={cancelRef} type="button" className={secondaryButtonClass} onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="button" className={confirmClass} onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}

export type ConfirmOptions = Omit<ConfirmDialogProps, "open" | "onConfirm" | "onCancel">;

/**
 * `const { confirm, dialog } = useConfirm();` render `{dialog}` once, then `if (await confirm({...})) act();`.
 */
export function useConfirm(): { confirm: (opts: ConfirmOptions) => Promise<boolean>; dialog: ReactNode } {
  const [pending, setPending] = useState<(ConfirmOptions & { resolve: (ok: boolean) => void }) | null>(null);
  const confirm = useCallback((opts: ConfirmOptions) => new Promise<boolean>((resolve) => setPending({ ...opts, resolve })), []);
  const settle = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(null);
  };
  const dialog = (
    <ConfirmDialog
      open={pending !== null}
      title={pending?.title ?? ""}
      body={pending?.body ?? null}
      confirmLabel={pending?.confirmLabel ?? "Confirm"}
      cancelLabel={pending?.cancelLabel}
      tone={pending?.tone}
      onConfirm={() => settle(true)}
      onCancel={() => settle(false)}
    />
  );
  return { confirm, dialog };
}
export type ConfirmRequest = ConfirmOptions;
