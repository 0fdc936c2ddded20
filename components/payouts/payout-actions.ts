import { apiFetch } from "@/lib/http/api-fetch";
import type { PayoutView } from "@/lib/orders/order-view";
import { approvePayoutSchema, cancelPayoutSchema, rejectPayoutSchema } from "@/lib/payouts/schemas";
import type { DecisionRequest } from "./decision-dialog";
import { approveManyQuestion, approveQuestion, cancelQuestion } from "./payout-text";

/** Calls behind the approve / reject buttons (detail page and approvals queue). */

export function approvePayout(p: Pick<PayoutView, "id" | "contentHash">, code: string) {
  return apiFetch<{ payout: PayoutView }>(`/api/payouts/${p.id}/approve`, { body: { code, contentHash: p.contentHash } });
}

export function rejectPayout(id: number, reason: string) {
  return apiFetch<{ payout: PayoutView }>(`/api/payouts/${id}/reject`, { body: { reason } });
}

export function cancelPayout(id: number, reason: string) {
  return apiFetch<{ payout: PayoutView }>(`/api/payouts/${id}/cancel`, { body: { reason } });
}

export type BatchResult = { id: number; ok: true; status: string } | { id: number; ok: false; error: { code: string; message: string } };

/**
 * A selection is approved with ONE code: the server accepts a TOTP code once per 30-second step, so N single
 * calls with the same code would fail after the first. POST /api/payouts/approve checks the code once, then
 * approves each item (bound to its contentHash) in its own transaction and reports each result.
 */
export function approvePayouts(items: readonly Pick<PayoutView, "id" | "contentHash">[], code: string) {
  return apiFetch<{ results: BatchResult[] }>("/api/payouts/approve", {
    body: { code, items: items.map((p) => ({ id: p.id, contentHash: p.contentHash })) },
  });
}

/** Rejecting needs no code: one call per pay-out, one after another, the same reason. */
export async function rejectPayouts(ids: readonly number[], reason: string): Promise<BatchResult[]> {
  const out: BatchResult[] = [];
  for (const id of ids) {
    try {
      const { payout } = await rejectPayout(id, reason);
      out.push({ id, ok: true, status: payout.status });
    } catch (err) {
      out.push({ id, ok: false, error: { code: "failed", message: err instanceof Error ? err.message : String(err) } });
    }
  }
  return out;
}

const codeInput = { label: "Your 6-digit authenticator code", kind: "code" as const, schema: approvePayoutSchema.shape.code };
const reasonInput = { label: "Reason (the creator sees it)", kind: "text" as const, schema: rejectPayoutSchema.shape.reason };

export function approveRequest(p: PayoutView): DecisionRequest {
  return { title: "Approve this pay-out", question: approveQuestion(p), input: codeInput, confirmLabel: "Approve and send", tone: "danger" };
}

export function approveManyRequest(items: readonly PayoutView[]): DecisionRequest {
  return { title: `Approve ${items.length} pay-outs`, question: approveManyQuestion(items), input: codeInput, confirmLabel: "Approve and send all", tone: "danger" };
}

export function cancelRequest(p: PayoutView, admin: boolean): DecisionRequest {
  return {
    title: "Cancel this pay-out",
    question: cancelQuestion(p),
    input: { label: admin ? "Reason (kept in the audit log; the creator sees it)" : "Reason (kept in the audit log)", kind: "text", schema: cancelPayoutSchema.shape.reason },
    confirmLabel: "Cancel the pay-out",
    dismissLabel: "Keep it waiting",
    tone: "danger",
  };
}

export function rejectRequest(count: number, what: string): DecisionRequest {
  return {
    title: count === 1 ? "Reject this pay-out" : `Reject ${count} pay-outs`,
    question: `Reject ${what}? Nothing is sent; the creator must start a new pay-out to pay this beneficiary.`,
    input: reasonInput,
    confirmLabel: count === 1 ? "Reject" : `Reject ${count}`,
    tone: "normal",
  };
}
