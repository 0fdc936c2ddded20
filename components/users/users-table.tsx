"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { ROLE_LABELS, ROLE_NOUNS } from "@/lib/auth/permissions";
import { apiFetch } from "@/lib/http/api-fetch";
import { disableNeedsFourEyes, enableNeedsFourEyes, FOUR_EYES_SENTENCE, type PendingChangeRef } from "@/lib/pending-changes/kinds";
import type { UserView } from "@/lib/users/user-view";
import { describeAccess, type MerchantOption } from "./merchant-access-field";
import { UserEditor } from "./user-editor";


// overflow-wrap:anywhere lets long e-mails, ids and action names wrap instead of widening the table past the screen.
const cell = "block px-3 py-1 [overflow-wrap:anywhere] md:table-cell md:p-2";

export function UsersTable({ currentUserId, merchants }: { currentUserId: number; merchants: MerchantOption[] }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const { confirm, dialog } = useConfirm();
  const users = useQuery({ queryKey: ["users"], queryFn: () => apiFetch<UserView[]>("/api/users") });
  const act = useMutation({
    mutationFn: (a: { url: string; method?: string; body?: unknown }) =>
      apiFetch<{ pendingChange?: PendingChangeRef | null }>(a.url, { method: a.method ?? "POST", body: a.body ?? {} }),
    onSuccess: (res) => {
      setError(null);
      setPending(res.pendingChange?.message ?? null);
      return qc.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (err) => setError(err.message),
  });

  if (users.isPending) return <p className="text-sm text-slate-500">Loading users…</p>;
  if (users.error) return <p role="alert" className="text-sm text-red-700">{users.error.message}</p>;

  const disable = async (u: UserView) => {
    const ok = await confirm({
      title: `Disable ${u.name}?`,
      body: `Disable ${u.name}? They are signed out everywhere at once and cannot sign in until enabled again.${disableNeedsFourEyes(u.role) ? ` ${FOUR_EYES_SENTENCE}` : ""}`,
      confirmLabel: "Disable",
      tone: "danger",
    });
    if (ok) act.mutate({ url: `/api/users/${u.id}/disable` });
  };
  const enable = async (u: UserView) => {
    // Enabling a money role gives its power back: it is asked, and waits for another admin.
    const ok =
      !enableNeedsFourEyes(u.role) ||
      (await confirm({
        title: `Enable ${u.name} again?`,
        body: `Enable ${u.name} again? They can sign in again with what ${ROLE_NOUNS[u.role]} may do. ${FOUR_EYES_SENTENCE}`,
        confirmLabel: "Enable",
        tone: "danger",
      }));
    if (ok) act.mutate({ url: `/api/users/${u.id}/enable` });
  };
  const resetTwoFactor = async (u: UserView) => {
    const ok = await confirm({
      title: `Reset two-factor for ${u.name}?`,
      body: `Reset two-factor for ${u.name}? They are signed out everywhere at once and must set up two-factor sign-in again with a new code at their next sign-in.`,
      confirmLabel: "Reset two-factor",
      tone: "danger",
    });
    if (ok) act.mutate({ url: `/api/users/${u.id}/reset-two-factor` });
  };

  return (
    <section className="space-y-2">
      {dialog}
      {error ? <p role="alert" data-testid="users-error" className="text-sm text-red-700">{error}</p> : null}
      {pending ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-300" data-testid="pending-change-notice">
          {pending} <a className="underline" href="/changes">Pending changes</a>
        </p>
      ) : null}
      <table className="block w-full border-collapse rounded-lg bg-white text-sm shadow-sm md:table">
        <thead className="hidden md:table-header-group">
          <tr className="border-b text-left text-slate-500">
            <th className="p-2">User</th>
            <th className="p-2">Role</th>
            <th className="p-2">Merchants</th>
            <th className="p-2">Two-factor</th>
            <th className="p-2">Status</th>
            <th className="p-2">Actions</th>
          </tr>
        </thead>
        {users.data.map((u) => (
          <tbody key={u.id} className="block border-b py-2 last:border-0 md:table-row-group md:py-0" data-testid={`user-row-${u.email}`}>
            <tr className="block md:table-row">
              <td className={cell}>
                <div className="font-medium">{u.name}</div>
                <div className="break-all text-slate-500">{u.email}</div>
              </td>
              <td className={cell} data-testid="user-role">
                <span className="text-slate-500 md:hidden">Role: </span>
                {ROLE_LABELS[u.role]}
              </td>
              <td className={cell} data-testid="user-merchants">
                <span className="text-slate-500 md:hidden">Merchants: </span>
                {describeAccess(u, merchants)}
              </td>
              <td className={cell}>
                <span className="text-slate-500 md:hidden">Two-factor: </span>
                {u.totpEnabled ? "On" : "Off"}
              </td>
              <td className={cell}>
                {u.disabled ? <span className="text-red-700">Disabled</span> : u.mustChangePassword ? "Must set password" : "Active"}
              </td>
              <td className={`${cell} space-x-3`}>
                <button type="button" className="underline" onClick={() => setEditing(editing === u.id ? null : u.id)} aria-expanded={editing === u.id}>
                  Edit<span className="sr-only"> {u.email}</span>
                </button>
                {u.id !== currentUserId ? (
                  u.disabled ? (
                    <button type="button" className="underline" onClick={() => void enable(u)}>
                      Enable
                    </button>
                  ) : (
                    <button type="button" className="underline" onClick={() => void disable(u)}>
                      Disable
                    </button>
                  )
                ) : null}
                {u.totpEnabled ? (
                  <button type="button" className="underline" onClick={() => void resetTwoFactor(u)}>
                    Reset two-factor
                  </button>
                ) : null}
              </td>
            </tr>
            {editing === u.id ? (
              <tr className="block md:table-row">
                <td colSpan={6} className="block p-3 md:table-cell">
                  <UserEditor user={u} merchants={merchants} confirm={confirm} onDone={() => setEditing(null)} />
                </td>
              </tr>
            ) : null}
          </tbody>
        ))}
      </table>
    </section>
  );
}
