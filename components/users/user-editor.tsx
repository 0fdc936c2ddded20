"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ConfirmRequest } from "@/components/ui/confirm-dialog";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { ROLES, ROLE_LABELS, ROLE_NOUNS, type Role } from "@/lib/auth/permissions";
import { FOUR_EYES_SENTENCE, roleChangeNeedsFourEyes, type PendingChangeRef } from "@/lib/pending-changes/kinds";
import { ApiError, apiFetch } from "@/lib/http/api-fetch";
import { updateUserSchema } from "@/lib/users/schemas";
import type { UserView } from "@/lib/users/user-view";
import { MerchantAccessField, accessBody, type MerchantAccess, type MerchantOption } from "./merchant-access-field";

/**
 * Role and merchant access of one user, saved with an explicit Save (a focused dropdown never saves on its own:
 * arrow keys changed roles twice). A new role asks first: the user is signed out everywhere.
 */
export function UserEditor({
  user,
  merchants,
  confirm,
  onDone,
}: {
  user: UserView;
  merchants: MerchantOption[];
  confirm: (r: ConfirmRequest) => Promise<boolean>;
  onDone: () => void;
}) {
  const qc = useQueryClient();
  const [role, setRole] = useState<Role>(user.role);
  const [access, setAccess] = useState<MerchantAccess>({ allMerchants: user.allMerchants, merchantIds: user.merchantIds });
  const [canReveal, setCanReveal] = useState(user.canReveal);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: unknown) => apiFetch<{ pendingChange: PendingChangeRef | null }>(`/api/users/${user.id}`, { method: "PATCH", body }),
    onSuccess: async (res) => {
      await qc.invalidateQueries({ queryKey: ["users"] });
      if (res.pendingChange) setPending(res.pendingChange.message);
      else onDone();
    },
    onError: (err) => setError(err instanceof ApiError ? (Object.values(err.fields)[0] ?? err.message) : err.message),
  });

  const onSave = async () => {
    setError(null);
    const body = { ...(role !== user.role ? { role } : {}), ...accessBody(access), ...(canReveal !== user.canReveal ? { canReveal } : {}) };
    const parsed = updateUserSchema.safeParse(body);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Check the fields");
      return;
    }
    if (role !== user.role) {
      const later = roleChangeNeedsFourEyes(user.role, role) ? ` ${FOUR_EYES_SENTENCE}` : "";
      const ok = await confirm({
        title: `Change ${user.name}'s role?`,
        body: `Change ${user.name} from ${ROLE_LABELS[user.role]} to ${ROLE_LABELS[role]}? They are signed out everywhere at once and sign in again with what ${ROLE_NOUNS[role]} may do.${later}`,
        confirmLabel: `Make ${ROLE_LABELS[role]}`,
        tone: "danger",
      });
      if (!ok) return;
    }
    if (canReveal && !user.canReveal) {
      const ok = await confirm({
        title: `Allow ${user.name} to reveal masked values?`,
        body: `${user.name} will be able to see whole account numbers, wallet addresses and tax numbers of the orders they can see, one at a time, each with a reason written to the audit log. ${FOUR_EYES_SENTENCE}`,
        confirmLabel: "Allow reveal",
        tone: "danger",
      });
      if (!ok) return;
    }
    save.mutate(body);
  };

  return (
    <div className="grid gap-4 rounded border border-slate-200 bg-slate-50 p-3 md:grid-cols-3" data-testid="user-editor">
      <div className="space-y-1">
        <label htmlFor={`role-${user.id}`} className="block text-sm font-medium text-slate-800">
          Role
        </label>
        <select id={`role-${user.id}`} aria-label={`Role of ${user.email}`} value={role} className={inputClass} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="md:col-span-2">
        <MerchantAccessField merchants={merchants} value={access} onChange={setAccess} label={`Merchant access of ${user.name}`} />
      </div>
      <label className="flex items-start gap-2 text-sm md:col-span-3">
        <input type="checkbox" className="mt-1" checked={canReveal} onChange={(e) => setCanReveal(e.target.checked)} aria-label={`${user.name} may reveal masked values`} />
        <span>
          May reveal masked account, wallet and tax numbers <span className="text-slate-500">(a reason is asked and audited each time)</span>
        </span>
      </label>
      {pending ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-300 md:col-span-3" data-testid="pending-change-notice">
          {pending}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 md:col-span-3">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2 md:col-span-3">
        <button type="button" className={buttonClass} disabled={save.isPending} onClick={() => void onSave()}>
          Save
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}
