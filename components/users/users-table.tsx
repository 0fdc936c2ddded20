"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { apiFetch } from "@/lib/http/api-fetch";

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  totpEnabled: boolean;
  disabled: boolean;
  mustChangePassword: boolean;
  merchantIds: number[];
}

export function UsersTable({ currentUserId }: { currentUserId: number }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const users = useQuery({ queryKey: ["users"], queryFn: () => apiFetch<UserRow[]>("/api/users") });
  const act = useMutation({
    mutationFn: (a: { url: string; method?: string; body?: unknown }) => apiFetch(a.url, { method: a.method ?? "POST", body: a.body ?? {} }),
    onSuccess: () => {
      setError(null);
      return qc.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (err) => setError(err.message),
  });

  if (users.isPending) return <p className="text-sm text-slate-500">Loading users…</p>;
  if (users.error) return <p role="alert" className="text-sm text-red-700">{users.error.message}</p>;

  return (
    <section className="space-y-2">
      {error ? <p role="alert" data-testid="users-error" className="text-sm text-red-700">{error}</p> : null}
      <table className="w-full border-collapse rounded-lg bg-white text-sm shadow-sm">
        <thead>
          <tr className="border-b text-left text-slate-500">
            <th className="p-2">User</th>
            <th className="p-2">Role</th>
            <th className="p-2">Two-factor</th>
            <th className="p-2">Status</th>
            <th className="p-2">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.data.map((u) => (
            <tr key={u.id} className="border-b last:border-0" data-testid={`user-row-${u.email}`}>
              <td className="p-2">
                <div className="font-medium">{u.name}</div>
                <div className="text-slate-500">{u.email}</div>
              </td>
              <td className="p-2">
                <select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  className="rounded border border-slate-300 px-2 py-1"
                  onChange={(e) => act.mutate({ url: `/api/users/${u.id}`, method: "PATCH", body: { role: e.target.value } })}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              </td>
              <td className="p-2">{u.totpEnabled ? "On" : "Off"}</td>
              <td className="p-2">
                {u.disabled ? <span className="text-red-700">Disabled</span> : u.mustChangePassword ? "Must set password" : "Active"}
              </td>
              <td className="space-x-2 p-2">
                {u.id !== currentUserId ? (
                  <button
                    type="button"
                    className="underline"
                    onClick={() => act.mutate({ url: `/api/users/${u.id}/${u.disabled ? "enable" : "disable"}` })}
                  >
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                ) : null}
                {u.totpEnabled ? (
                  <button type="button" className="underline" onClick={() => act.mutate({ url: `/api/users/${u.id}/reset-two-factor` })}>
                    Reset two-factor
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
