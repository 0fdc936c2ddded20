import type { BatchView } from "@/lib/payout-batches/batch-view";

/** A run's status as a person says it (the code stays in data-status and the API). */
export const RUN_STATUS_WORDS: Record<BatchView["status"], string> = {
  PENDING_APPROVAL: "Waiting for approval",
  REJECTED: "Rejected",
  CANCELLED: "Cancelled",
  DISPATCHING: "Sending",
  PAUSED: "Paused",
  COMPLETED: "Completed",
};

/** "a THB row is at or above the threshold" out of the stored "Waits for a second person: …." */
function why(reason: string | null): string {
  return (reason ?? "").replace(/^Waits for a second person:\s*/, "").replace(/\.$/, "");
}

/** What the run's approval is now, in the tense of its status: never "waits" once someone decided. */
export function approvalText(b: Pick<BatchView, "status" | "approvalRequired" | "approvalReason" | "approvedBy">): string {
  if (!b.approvalRequired) return "No second approval was needed: every currency's total was under its approval threshold.";
  const because = why(b.approvalReason);
  if (b.status === "PENDING_APPROVAL") return `Waits for a second person to approve it${because ? `: ${because}` : ""}.`;
  if (b.approvedBy) return `Approved by ${b.approvedBy.name}${because ? ` (a second person was needed: ${because})` : ""}.`;
  if (b.status === "REJECTED") return "Rejected by a second person: nothing was sent.";
  if (b.status === "CANCELLED") return "Cancelled before a second person approved it: nothing was sent.";
  return because ? `A second person was needed: ${because}.` : "";
}
