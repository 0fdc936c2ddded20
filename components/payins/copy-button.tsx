"use client";

import { useState } from "react";
import { secondaryButtonClass } from "@/components/ui/field";

/** Copies text to the clipboard and says so; where the clipboard is refused, it says to copy by hand. */
export function CopyButton({
  text,
  label = "Copy",
  copiedLabel = "Copied",
  failedLabel = "Select and copy by hand",
  testId,
}: {
  text: string;
  label?: string;
  copiedLabel?: string;
  failedLabel?: string;
  testId?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      className={secondaryButtonClass}
      data-testid={testId}
      onClick={() => {
        navigator.clipboard
          .writeText(text)
          .then(() => setState("copied"))
          .catch(() => setState("failed"));
      }}
    >
      {state === "copied" ? copiedLabel : state === "failed" ? failedLabel : label}
    </button>
  );
}
