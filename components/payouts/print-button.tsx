"use client";

import { buttonClass } from "@/components/ui/field";

/** Opens the browser's print dialog (save as PDF there). */
export function PrintButton() {
  return (
    <button type="button" className={`${buttonClass} print:hidden`} onClick={() => window.print()}>
      Print or save as PDF
    </button>
  );
}
