"use client";

import { useState } from "react";
import { secondaryButtonClass } from "@/components/ui/field";

const smallClass = "ml-1 rounded border px-1.5 text-xs text-slate-600 hover:bg-slate-100";

/**
 * Copies text to the clipboard and says so; where the clipboard is refused, it says to copy by hand. `name` makes
 * the small inline form ("Copy" beside a value, read out as "Copy orderNo"), which turns back after a moment.
 */
export function CopyButton({
  text,
  name,
  label = "Copy",
  copiedLabel = "Copied",
  failedLabel = "Select and copy by hand",
  testId,
}: {
  text: string;
  name?: string;
  label?: string;
  copiedLabel?: string;
  failedLabel?: string;
  testId?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copied = () => {
    setState("copied");
    if (name) setTimeout(() => setState("idle"), 1500);
  };
  return (
    <button
      type="button"
      className={name ? smallClass : secondaryButtonClass}
      aria-label={name ? `Copy ${name}` : undefined}
      data-testid={testId}
      onClick={() => void navigator.clipboard?.writeText(text).then(copied, () => setState("failed"))}
    >
      {state === "copied" ? copiedLabel : state === "failed" ? failedLabel : label}
    </button>
  );
}
