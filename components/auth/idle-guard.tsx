"use client";

import { signOut } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/field";
import { IDLE_TIMEOUT_MS } from "@/lib/auth/session-policy";

/** How often the tab tells the server that a person used it (at most); the server's idle clock lags by this much. */
export const ACTIVITY_REPORT_MS = 15_000;
/** The warning shows this long before the tab signs itself out. */
export const IDLE_WARNING_MS = 60_000;
/** The tab signs out a little before the server would, so its own message is the one the person sees. */
const SIGN_OUT_AFTER_MS = IDLE_TIMEOUT_MS - ACTIVITY_REPORT_MS;
const STORAGE_KEY = "sp:last-input";
const INPUT_EVENTS = ["pointerdown", "keydown", "wheel", "touchstart", "mousemove", "scroll"] as const;

/**
 * Idle sign-out in the browser. Only a person's input counts (shared by every tab of the app through localStorage);
 * the tab reports it to the server at most every 15 s (POST /api/account/activity), since background fetches and the
 * event stream no longer keep a session alive. A minute before the end a dialog offers "Stay signed in"; then the
 * tab signs out and the sign-in page says why.
 */
export function IdleGuard() {
  const lastInput = useRef(0);
  const lastReported = useRef(0);
  const [left, setLeft] = useState<number | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const now = () => Date.now();
    const stored = () => Number(window.localStorage.getItem(STORAGE_KEY) ?? 0) || 0;
    lastInput.current = Math.max(now(), stored());
    lastReported.current = now(); // this page load was a request of its own
    let lastWrite = 0;
    let ending = false;
    const onInput = () => {
      const t = now();
      lastInput.current = t;
      if (t - lastWrite > 1_000) {
        lastWrite = t;
        window.localStorage.setItem(STORAGE_KEY, String(t));
      }
    };
    const onStorage = (e: StorageEvent) => {
      if (e.key === STORAGE_KEY && e.newValue) lastInput.current = Math.max(lastInput.current, Number(e.newValue) || 0);
    };
    const report = async () => {
      lastReported.current = now();
      // A 401 (the session ended elsewhere, or the person is signing out) is left to the next page load, which says
      // why: reloading here raced the sign-out's own redirect.
      await fetch("/api/account/activity", { method: "POST", cache: "no-store" }).catch(() => null);
    };
    const tick = () => {
      if (ending) return;
      const t = now();
      lastInput.current = Math.max(lastInput.current, stored());
      if (lastInput.current > lastReported.current && t - lastReported.current >= ACTIVITY_REPORT_MS) void report();
      const idle = t - lastInput.current;
      if (idle >= SIGN_OUT_AFTER_MS) {
        ending = true;
        const next = `${window.location.pathname}${window.location.search}`;
        void signOut({ callbackUrl: `/sign-in?reason=idle&next=${encodeURIComponent(next)}` });
        return;
      }
      setLeft(idle >= SIGN_OUT_AFTER_MS - IDLE_WARNING_MS ? Math.ceil((SIGN_OUT_AFTER_MS - idle) / 1000) : null);
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { passive: true, capture: true });
    window.addEventListener("storage", onStorage);
    const timer = setInterval(tick, 1_000);
    // Armed: the idle clock runs from here (a test waits for this before moving the clock on).
    dialog.current?.setAttribute("data-armed", "");
    return () => {
      for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
      window.removeEventListener("storage", onStorage);
      clearInterval(timer);
    };
  }, []);

  const warning = left !== null;
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (warning && !d.open) d.showModal();
    if (!warning && d.open) d.close();
  }, [warning]);

  const stay = () => {
    const t = Date.now();
    lastInput.current = t;
    window.localStorage.setItem(STORAGE_KEY, String(t));
    lastReported.current = t;
    setLeft(null);
    void fetch("/api/account/activity", { method: "POST", cache: "no-store" });
  };

  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-labelledby="idle-title"
      aria-describedby="idle-body"
      data-testid="idle-warning"
      onCancel={(e) => {
        e.preventDefault();
        stay();
      }}
      className="w-[calc(100vw-2rem)] max-w-md rounded-lg border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/50"
    >
      <div className="space-y-3 p-5">
        <h2 id="idle-title" className="text-base font-semibold text-slate-900">
          Still there?
        </h2>
        <p id="idle-body" className="text-sm text-slate-700">
          Nobody has used the back-office for a while. For safety you will be signed out in{" "}
          <strong data-testid="idle-seconds-left">{left ?? 0} seconds</strong>.
        </p>
        <div className="flex justify-end pt-2">
          <button type="button" className={buttonClass} onClick={stay} autoFocus>
            Stay signed in
          </button>
        </div>
      </div>
    </dialog>
  );
}
