/** What the browser and the API get for a run (pure types: components import them with `import type`). */
export interface BatchProgress {
  /** Not sent yet: waiting for approval, or approved and queued. */
  waiting: number;
  sent: number;
  processing: number;
  success: number;
  /** Failed, refused by the gateway, or expired. */
  failed: number;
  unknown: number;
  /** Cancelled or rejected before sending. */
  cancelled: number;
}

export interface BatchView {
  id: number;
  /**
   * PENDING_APPROVAL, REJECTED, CANCELLED (before any row was sent), DISPATCHING, PAUSED (rows not sent yet wait
   * for a resume; sent ones settle), or COMPLETED (every row final).
   */
  status: "PENDING_APPROVAL" | "REJECTED" | "CANCELLED" | "DISPATCHING" | "PAUSED" | "COMPLETED";
  credentialId: number;
  fileName: string;
  sha256: string;
  contentHash: string | null;
  rowCount: number;
  approvalRequired: boolean;
  approvalReason: string | null;
  createdBy: { id: number; name: string } | null;
  approvedBy: { id: number; name: string } | null;
  createdAt: string;
  /** Rows per pay-out status, as stored. */
  counts: Record<string, number>;
  progress: BatchProgress;
  totals: { currency: string; count: number; totalMinor: string; total: string }[];
  canApprove: boolean;
  canCancel: boolean;
  canPause: boolean;
  canResume: boolean;
}

export interface BatchSummary extends BatchView {
  largest: { row: number; orderNo: string; currency: string; amount: string; account: string }[];
  /** Same account and amount twice in the run, or as a pay-out of the last 24 hours outside the run. */
  duplicates: { row: number; orderNo: string; account: string; amount: string; reason: string }[];
}

export function progressOf(counts: Record<string, number>): BatchProgress {
  const n = (...s: string[]) => s.reduce((a, k) => a + (counts[k] ?? 0), 0);
  return {
    waiting: n("PENDING_APPROVAL", "APPROVED"),
    sent: n("SENDING"),
    processing: n("PROCESSING"),
    success: n("SUCCESS"),
    failed: n("FAILED", "NOT_ACCEPTED", "EXPIRED"),
    unknown: n("UNKNOWN"),
    cancelled: n("CANCELLED", "REJECTED"),
  };
}

/** A run waiting for approval, as the approvals queue shows it: one item with its totals, decided on its page. */
export interface WaitingRunView {
  id: number;
  fileName: string;
  rowCount: number;
  credentialId: number;
  approvalReason: string | null;
  createdBy: { id: number; name: string } | null;
  createdAt: string;
  totals: { currency: string; count: number; totalMinor: string; total: string }[];
  /** May this user approve or reject it (the permission, and not its creator). */
  canApprove: boolean;
}
