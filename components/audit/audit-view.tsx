"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field, buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { auditFilterSchema, type AuditFilterInput } from "@/lib/audit/schemas";
import { apiFetch } from "@/lib/http/api-fetch";

interface AuditRow {
  id: number;
  createdAt: string;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

function toQuery(f: AuditFilterInput, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== "" && k !== "page") q.set(k, String(v));
  q.set("page", String(page));
  return q.toString();
}

export function AuditView() {
  const [filter, setFilter] = useState<AuditFilterInput>({});
  const [page, setPage] = useState(1);
  const { register, handleSubmit, formState } = useForm<AuditFilterInput>({ resolver: zodResolver(auditFilterSchema) as never });
  const errors = formState.errors;
  const query = toQuery(filter, page);
  const data = useQuery({
    queryKey: ["audit", query],
    queryFn: () => apiFetch<{ rows: AuditRow[]; hasMore: boolean }>(`/api/audit?${query}`),
    placeholderData: keepPreviousData,
  });

  const onSubmit = handleSubmit((values) => {
    setFilter(values);
    setPage(1);
  });

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} noValidate className="grid gap-3 rounded-lg border bg-white p-4 sm:grid-cols-6" aria-label="Filter the audit log">
        <Field id="actor" label="Actor (e-mail)" error={errors.actor?.message}>
          <input id="actor" className={inputClass} {...register("actor")} />
        </Field>
        <Field id="action" label="Action" error={errors.action?.message}>
          <input id="action" placeholder="user." className={inputClass} {...register("action")} />
        </Field>
        <Field id="targetType" label="Target type" error={errors.targetType?.message}>
          <input id="targetType" placeholder="merchant" className={inputClass} {...register("targetType")} />
        </Field>
        <Field id="targetId" label="Target id" error={errors.targetId?.message}>
          <input id="targetId" className={inputClass} {...register("targetId")} />
        </Field>
        <Field id="from" label="From" error={errors.from?.message}>
          <input id="from" type="date" className={inputClass} {...register("from")} />
        </Field>
        <Field id="to" label="To" error={errors.to?.message}>
          <input id="to" type="date" className={inputClass} {...register("to")} />
        </Field>
        <div className="flex gap-2 sm:col-span-6">
          <button type="submit" className={buttonClass}>
            Filter
          </button>
          <a className={secondaryButtonClass} href={`/api/audit/export?${toQuery(filter, 1)}`} download>
            Export CSV
          </a>
        </div>
      </form>
      {data.error ? <p role="alert" className="text-sm text-red-700">{data.error.message}</p> : null}
      <table className="w-full bg-white text-sm shadow-sm">
        <thead>
          <tr className="border-b text-left text-slate-500">
            <th className="p-2">Time (UTC)</th>
            <th className="p-2">Actor</th>
            <th className="p-2">Action</th>
            <th className="p-2">Target</th>
            <th className="p-2">IP</th>
            <th className="p-2">Change</th>
          </tr>
        </thead>
        <tbody>
          {(data.data?.rows ?? []).map((r) => (
            <tr key={r.id} className="border-b align-top" data-testid="audit-row">
              <td className="whitespace-nowrap p-2">{r.createdAt.replace("T", " ").slice(0, 19)}</td>
              <td className="p-2">{r.actorEmail ?? "—"}</td>
              <td className="p-2 font-mono">{r.action}</td>
              <td className="p-2">
                {r.targetType}
                {r.targetId ? ` #${r.targetId}` : ""}
              </td>
              <td className="p-2">{r.ip ?? "—"}</td>
              <td className="max-w-md p-2">
                <details>
                  <summary className="cursor-pointer text-slate-600">before / after</summary>
                  <pre className="overflow-x-auto text-xs">{JSON.stringify({ before: r.before, after: r.after }, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex gap-2">
        <button type="button" className={secondaryButtonClass} disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
          Newer
        </button>
        <button type="button" className={secondaryButtonClass} disabled={!data.data?.hasMore} onClick={() => setPage((p) => p + 1)}>
          Older
        </button>
      </div>
    </div>
  );
}
