"use client";

import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { DecisionDialog, type DecisionRequest } from "@/components/payouts/decision-dialog";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { buttonClass, secondaryButtonClass } from "@/components/ui/field";
import type { BeneficiaryView } from "@/lib/beneficiaries/beneficiary-view";
import { rejectBeneficiarySchema, verifyBeneficiarySchema } from "@/lib/beneficiaries/schemas";
import { apiFetch, ApiError } from "@/lib/http/api-fetch";

type Action = "approve" | "reject";

function request(action: Action, b: BeneficiaryView): DecisionRequest {
  const payee = `${b.methodName} ${b.account}${b.receiverName ? ` (${b.receiverName})` : ""}`;
  return action === "approve"
    ? {
        title: `Verify ${b.label}`,
        question: `Verify ${payee} for ${b.merchantName}? From then on finance can send money to this account by picking “${b.label}”. Check the details against the supplier's own documents first.`,
        input: { label: "Code from your authenticator app", kind: "code", schema: verifyBeneficiarySchema.shape.code },
        confirmLabel: "Verify bank details",
        tone: "danger",
      }
    : {
        title: `Reject ${b.label}`,
        question: `Reject ${payee}? Nobody can pay it by picking it until someone corrects the details and another approver verifies them. Say why: the reason is shown on the beneficiary and kept in the audit log.`,
        input: { label: "Reason", kind: "text", schema: rejectBeneficiarySchema.shape.reason },
        confirmLabel: "Reject bank details",
        tone: "normal",
      };
}

/** Verify (TOTP), reject (reason), edit, archive, pay: each shown only when this person may do it now. */
export function BeneficiaryActions({ b, canWrite }: { b: BeneficiaryView; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [archiving, setArchiving] = useState(false);
  const done = () => queryClient.invalidateQueries({ queryKey: ["beneficiary", b.id] });
  const decide = useMutation({
    mutationFn: ({ action, value }: { action: Action; value: string }) =>
      apiFetch(`/api/beneficiaries/${b.id}/${action}`, { body: action === "approve" ? { code: value } : { reason: value } }),
    onSuccess: async () => {
      setOpen(null);
      await done();
    },
  });
  const archive = useMutation({ mutationFn: () => apiFetch(`/api/beneficiaries/${b.id}/archive`, { body: {} }), onSuccess: done });
  const errorText = (e: Error | null) => (e instanceof ApiError ? (Object.values(e.fields)[0] ?? e.message) : (e?.message ?? null));
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
      {b.canPay ? (
        <Link href={`/payouts/new?beneficiary=${b.id}`} className={buttonClass} data-testid="pay-beneficiary">
          Pay this beneficiary
        </Link>
      ) : null}
      {b.canVerify ? (
        <>
          <button type="button" className={buttonClass} onClick={() => setOpen("approve")}>
            Verify bank details
          </button>
          <button type="button" className={secondaryButtonClass} onClick={() => setOpen("reject")}>
            Reject
          </button>
        </>
      ) : null}
      {canWrite && !b.archived ? (
        <>
          <Link href={`/beneficiaries/${b.id}/edit`} className={secondaryButtonClass}>
            Edit
          </Link>
          <button type="button" className={secondaryButtonClass} onClick={() => setArchiving(true)} disabled={archive.isPending}>
            Archive
          </button>
        </>
      ) : null}
      {archive.error ? <p role="alert" className="text-sm text-red-700">{archive.error.message}</p> : null}
      {open ? (
        <DecisionDialog
          request={request(open, b)}
          pending={decide.isPending}
          error={errorText(decide.error)}
          onSubmit={(value) => decide.mutate({ action: open, value })}
          onCancel={() => {
            decide.reset();
            setOpen(null);
          }}
        />
      ) : null}
      <ConfirmDialog
        open={archiving}
        title={`Archive ${b.label}?`}
        body="It leaves the list of beneficiaries and can no longer be picked for a pay-out. Pay-outs already made keep their link to it."
        confirmLabel="Archive"
        tone="danger"
        onConfirm={() => {
          setArchiving(false);
          archive.mutate();
        }}
        onCancel={() => setArchiving(false)}
      />
    </div>
  );
}
