"use client";

import { TimeText } from "@/components/ui/time-text";
import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useForm, useWatch, type Control } from "react-hook-form";
import { Field, buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { AUDIT_ACTION_GROUPS, auditActionLabel } from "@/lib/audit/action-labels";
import { auditFilterSchema, type AuditFilterInput } from "@/lib/audit/schemas";
import { apiFetch } from "@/lib/http/api-fetch";
import { AuditChange } from "./audit-change";

export interface AuditRow {
  id: number;
  createdAt: string;
  actorKind: "user" | "system" | "api_key";
  actorEmail: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  targetName: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

const KEYS = ["actor", "action", "targetType", "targetId", "from", "to"] as const;

function filterFrom(params: URLSearchParams): AuditFilterInput {
  const f: Record<string, string> = {};
  for (const k of KEYS) f[k] = params.get(k) ?? "";
  return f as AuditFilterInput;
}

function toQuery(f: AuditFilterInput, page: number): string {
  const q = new URLSearchParams();
  for (const k of KEYS) {
    const v = f[k];
    if (v !== undefined && v !== "") q.set(k, String(v));
  }
  if (page > 1) q.set("page", String(page));
  return q.toString();
}

function actorLabel(r: AuditRow): string {
  if (r.actorKind === "system") return `System: ${r.actorName ?? "unknown"}`;
  if (r.actorKind === "api_key") return r.actorName ?? "An API key";
  if (r.actorName && r.actorEmail) return `${r.actorName} (${r.actorEmail})`;
  return r.actorEmail ?? "—";
}

function targetLabel(r: AuditRow): string {
  const kind = r.targetType.replace(/_/g, " ");
  if (r.targetName) return `${kind}: ${r.targetName}`;
  return r.targetId ? `${kind} ${r.targetId}` : kind;
}

// overflow-wrap:anywhere lets long e-mails, ids and action names wrap instead of widening the table past the screen.
const cell = "block px-3 py-1 [overflow-wrap:anywhere] md:table-cell md:p-2";

/** The audit log; its filters and page live in the URL, so a reload keeps them and Back returns to the last ones. */
export function AuditView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = filterFrom(params);
  const page = Math.max(1, Number(params.get("page") ?? 1) || 1);
  const query = toQuery(filter, page);
  const data = useQuery({
    queryKey: ["audit", query],
    queryFn: () => apiFetch<{ rows: AuditRow[]; hasMore: boolean }>(`/api/audit?${query}`),
    placeholderData: keepPreviousData,
  });
  const go = (f: AuditFilterInput, p: number) => {
    const q = toQuery(f, p);
    router.push(q ? `${pathname}?${q}` : pathname);
  };
  const rows = data.data?.rows ?? [];
  const filtered = KEYS.some((k) => filter[k]);

  return (
    <div className="space-y-4">
      {/* keyed on the URL: Back or a reload shows the filters that produced the rows below */}
      <FilterForm key={toQuery(filter, 1)} initial={filter} exportQuery={toQuery(filter, 1)} onApply={(f) => go(f, 1)} />
      {data.error ? <p role="alert" className="text-sm text-red-700">{data.error.message}</p> : null}
      {data.isPending ? (
        <p className="text-sm text-slate-500" data-testid="audit-loading" role="status">
          Loading the audit log…
        </p>
      ) : rows.length === 0 && !data.error ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600" data-testid="audit-empty">
          {filtered ? "No audit entries match these filters." : "No audit entries yet."}
        </p>
      ) : (
        <table className={`block w-full bg-white text-sm shadow-sm md:table ${data.isFetching ? "opacity-60" : ""}`} aria-busy={data.isFetching}>
          <thead className="hidden md:table-header-group">
            <tr className="border-b text-left text-slate-500">
              <th className="p-2">Time</th>
              <th className="p-2">Actor</th>
              <th className="p-2">Action</th>
              <th className="p-2">Target</th>
              <th className="p-2">IP</th>
              <th className="p-2">Change</th>
            </tr>
          </thead>
          <tbody className="block md:table-row-group">
            {rows.map((r) => (
              <tr key={r.id} className="block border-b py-2 align-top md:table-row md:py-0" data-testid="audit-row">
                <td className={`${cell} whitespace-nowrap text-slate-600 md:text-inherit`}><TimeText at={r.createdAt} />
                </td>
                <td className={`${cell} break-words`} data-testid="audit-actor">
                  {actorLabel(r)}
                </td>
                <td className={cell} data-testid="audit-action">
                  {auditActionLabel(r.action)}
                  <div className="font-mono text-xs text-slate-500">{r.action}</div>
                </td>
                <td className={`${cell} break-words`} data-testid="audit-target">
                  {targetLabel(r)}
                </td>
                <td className={cell}>
                  <span className="text-slate-500 md:hidden">IP: </span>
                  {r.ip ?? "—"}
                </td>
                <td className={`${cell} md:max-w-md`}>
                  <AuditChange before={r.before} after={r.after} action={r.action} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="flex gap-2">
        <button type="button" className={secondaryButtonClass} disabled={page <= 1} onClick={() => go(filter, page - 1)}>
          Newer
        </button>
        <button type="button" className={secondaryButtonClass} disabled={!data.data?.hasMore} onClick={() => go(filter, page + 1)}>
          Older
        </button>
      </div>
    </div>
  );
}

/** The chosen action's wire name under the select: what the API, the export and the URL say. */
function WireAction({ control }: { control: Control<AuditFilterInput> }) {
  const action = useWatch({ control, name: "action" });
  return action ? (
    <p className="font-mono text-xs text-slate-500" data-testid="audit-action-wire">
      {action}
    </p>
  ) : null;
}

function FilterForm({ initial, exportQuery, onApply }: { initial: AuditFilterInput; exportQuery: string; onApply: (f: AuditFilterInput) => void }) {
  const { register, handleSubmit, formState, control } = useForm<AuditFilterInput>({
    resolver: zodResolver(auditFilterSchema) as never,
    defaultValues: initial,
  });
  const errors = formState.errors;
  return (
    <form onSubmit={handleSubmit(onApply)} noValidate className="grid gap-3 rounded-lg border bg-white p-4 sm:grid-cols-2 lg:grid-cols-6" aria-label="Filter the audit log">
      <Field id="actor" label="Actor (name or e-mail)" error={errors.actor?.message}>
        <input id="actor" className={inputClass} {...register("actor")} />
      </Field>
      <Field id="action" label="Action" error={errors.action?.message} after={<WireAction control={control} />}>
        <select id="action" className={inputClass} {...register("action")}>
          <option value="">Any action</option>
          {/* A link made before the list (a prefix such as `user.`) keeps working. */}
          {initial.action && auditActionLabel(initial.action) === initial.action ? <option value={initial.action}>Starts with {initial.action}</option> : null}
          {AUDIT_ACTION_GROUPS.map((g) => (
            <optgroup key={g.group} label={g.group}>
              {Object.entries(g.actions).map(([wire, label]) => (
                <option key={wire} value={wire}>
                  {label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
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
      <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-6">
        <button type="submit" className={buttonClass}>
          Filter
        </button>
        <a className={secondaryButtonClass} href={`/api/audit/export?${exportQuery}`} download>
          Export CSV
        </a>
      </div>
    </form>
  );
}
