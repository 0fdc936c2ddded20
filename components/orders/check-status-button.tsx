"use client";

import { statusWord } from "@/lib/words/statuses";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { secondaryButtonClass } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/http/api-fetch";
import type { CheckStatusView } from "@/lib/gateway-work/check-status";

const SAID: Record<CheckStatusView["result"], string> = {
  resolved: "The gateway answered: the status moved, see the timeline.",
  pending: "The gateway answered: still open. Its answer is on the timeline; the app keeps asking.",
  flagged: "The gateway's answer needs a person: the order is flagged.",
  skipped: "Nothing to ask: the order is no longer open.",
};

/**
 * "Check status now" for an open pay-out or pay-in: one inquiry-status through the reconciliation path
 * (POST /api/{payouts|payins}/{id}/check-status). It only asks; it never sends money, so no confirmation. Then
 * `onDone`, else the server-rendered page is read again.
 */
export function CheckStatusButton({ type, id, onDone }: { type: "payout" | "payin"; id: number; onDone?: () => void | Promise<void> }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async () => {
    setBusy(true);
    setSaid(null);
    try {
      const { check } = await apiFetch<{ check: CheckStatusView }>(`/api/${type === "payout" ? "payouts" : "payins"}/${id}/check-status`, { method: "POST" });
      setSaid({ ok: true, text: `${SAID[check.result]} Status: ${statusWord(type, check.status)}.` });
      await (onDone ? onDone() : router.refresh());
    } catch (e) {
      setSaid({ ok: false, text: e instanceof ApiError ? e.message : "The check failed; try again in a moment." });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <button type="button" className={secondaryButtonClass} onClick={run} disabled={busy} data-testid="check-status">
        {busy ? "Asking the gateway…" : "Check status now"}
      </button>
      {said ? (
        <p role="status" className={`text-sm ${said.ok ? "text-slate-700" : "text-red-700"}`}>
          {said.text}
        </p>
      ) : null}
    </div>
  );
}
