"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/http/api-fetch";
import type { listMerchantOptions } from "@/lib/merchants/list-merchant-options";
import { BATCH_COLUMNS, TEMPLATE_REGIONS, type BatchColumn } from "@/lib/payout-batches/columns";
import type { ParsedRow } from "@/lib/payout-batches/parse-file";
import { BadRow, DuplicateRow, SHOWN } from "./run-rows";
import { RunTotals, totalsText } from "./run-totals";
import { useFileCheck } from "./use-file-check";

type MerchantOption = Awaited<ReturnType<typeof listMerchantOptions>>[number];

const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The rows as the run's CSV (what is submitted, and what the approval check reads). */
const toCsv = (rows: readonly { cells: Partial<Record<BatchColumn, string>> }[]) =>
  `${[BATCH_COLUMNS.join(","), ...rows.map((r) => BATCH_COLUMNS.map((c) => cell(r.cells[c] ?? "")).join(","))].join("\r\n")}\r\n`;

type Need = { required: boolean; reason: string };

/** What the run pays: the priced totals, and the rows to saved beneficiaries the server prices. */
const runText = (totals: Parameters<typeof totalsText>[0], unpriced: number) =>
  [totalsText(totals), unpriced ? `${unpriced} ${unpriced === 1 ? "pay-out" : "pay-outs"} to saved beneficiaries` : ""].filter(Boolean).join(" and ");

/** Before submitting: will this run wait for a second person? Asked of the server with the same rule the submit uses. */
function useRunApprovalNeed(credentialId: string, rows: readonly { cells: Partial<Record<BatchColumn, string>> }[] | null) {
  const [need, setNeed] = useState<{ for: unknown; need: Need | null; error: string | null } | null>(null);
  useEffect(() => {
    if (!rows || rows.length === 0 || !/^\d+$/.test(credentialId)) return;
    let live = true;
    void fetch(`/api/payout-batches/approval-need?credentialId=${credentialId}`, { method: "POST", headers: { "content-type": "text/csv" }, body: toCsv(rows) })
      .then(async (res) => {
        const data = (await res.json()) as { need?: Need; error?: { message: string } };
        if (live) setNeed({ for: rows, need: data.need ?? null, error: data.need ? null : (data.error?.message ?? `HTTP ${res.status}`) });
      })
      .catch((e: unknown) => live && setNeed({ for: rows, need: null, error: e instanceof Error ? e.message : String(e) }));
    return () => void (live = false);
  }, [credentialId, rows]);
  return need && need.for === rows ? need : null;
}

/** "Waits for a second person: a THB row is at or above the threshold." as a sentence before submitting. */
function needText(n: Need): string {
  if (!n.required) return "This run will be sent as soon as you submit it: every currency's total is under its approval threshold.";
  return `This run will wait for a second person to approve it before anything is sent: ${n.reason.replace(/^Waits for a second person:\s*/, "")}`;
}

/**
 * A run from a file: choose the credential, pick the file; it is checked in a worker with the pay-out schema,
 * bad rows show in place to fix or drop; then the rows left are submitted as one run (the server checks again).
 */
export function RunUpload() {
  const router = useRouter();
  const qc = useQueryClient();
  const options = useQuery({ queryKey: ["merchant-options"], queryFn: () => apiFetch<MerchantOption[]>("/api/merchants/options") });
  const [credentialId, setCredentialId] = useState("");
  const [fileName, setFileName] = useState("");
  const { state, checkFile, checkCells } = useFileCheck();
  const [confirm, setConfirm] = useState<null | "submit" | { duplicateOf: string }>(null);
  const [sending, setSending] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const key = useRef<string>("");
  const checked = state.phase === "checked" ? state : null;
  const bad = useMemo(() => checked?.rows.filter((r) => Object.keys(r.errors).length > 0) ?? [], [checked]);
  const dupes = useMemo(() => checked?.rows.filter((r) => (r.sameAs !== undefined || r.recent) && Object.keys(r.errors).length === 0) ?? [], [checked]);
  const id = Number(credentialId);
  const recentKeys = useQuery({ queryKey: ["payout-batches-recent", credentialId], queryFn: () => apiFetch<{ keys: string[] }>(`/api/payout-batches/recent?credentialId=${credentialId}`), enabled: /^\d+$/.test(credentialId), staleTime: 60_000 });
  const recent = recentKeys.data?.keys ?? [];
  const goodRows = useMemo(() => (checked && checked.badCount === 0 ? checked.rows : null), [checked]);
  const approval = useRunApprovalNeed(credentialId, goodRows);

  const recheck = (rows: ParsedRow[]) => {
    key.current = "";
    checkCells(rows, id, recent);
  };
  const current = (): ParsedRow[] => (checked?.rows ?? []).map((r) => ({ row: r.row, cells: r.cells, rowError: r.errors._row }));
  const edit = (row: number, col: BatchColumn, value: string) => recheck(current().map((r) => (r.row === row ? { row, cells: { ...r.cells, [col]: value } } : r)));
  const drop = (rows: ReadonlySet<number>) => recheck(current().filter((r) => !rows.has(r.row)));

  async function submit(confirmDuplicate: boolean) {
    if (!checked) return;
    setSending(true);
    setServerError(null);
    key.current ||= crypto.randomUUID();
    const csv = toCsv(checked.rows);
    const q = new URLSearchParams({ credentialId, fileName: fileName || "run.csv", ...(confirmDuplicate ? { confirmDuplicate: "true" } : {}) });
    try {
      const res = await fetch(`/api/payout-batches?${q}`, { method: "POST", headers: { "content-type": "text/csv", "idempotency-key": key.current }, body: csv });
      const data = (await res.json()) as { batch?: { id: number }; error?: { code: string; message: string; fields?: Record<string, string> } };
      if (res.ok && data.batch) return router.push(`/payouts/runs/${data.batch.id}`);
      if (res.status === 409 && data.error?.fields?.confirmDuplicate) return setConfirm({ duplicateOf: data.error.message });
      setServerError(data.error ? `${data.error.message} ${Object.entries(data.error.fields ?? {}).slice(0, 5).map(([k, v]) => `${k}: ${v}`).join("; ")}` : `HTTP ${res.status}`);
    } catch (e) {
      setServerError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="space-y-5">
      <section className="space-y-2 rounded border border-slate-200 bg-white p-4">
        <h2 className="text-sm font-semibold">Templates</h2>
        <p className="text-sm text-slate-600">A header row and one example row per region; columns as in the pay-out API. CSV with , ; or tab, UTF-8.</p>
        <div className="flex flex-wrap gap-2">
          {TEMPLATE_REGIONS.map((r) => (
            <a key={r} className={secondaryButtonClass} href={`/api/payout-batches/template?region=${r}`} download>
              {r} template
            </a>
          ))}
        </div>
      </section>
      <section className="grid gap-4 rounded border border-slate-200 bg-white p-4 sm:grid-cols-2">
        <Field id="run-credential" label="Merchant credential">
          <select id="run-credential" className={inputClass} value={credentialId} onChange={(e) => setCredentialId(e.target.value)}>
            <option value="">Choose…</option>
            {(options.data ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="run-file" label="File (CSV)" hint="Checked in your browser first; nothing is stored until you submit.">
          <input
            id="run-file"
            type="file"
            accept=".csv,.txt,.tsv,text/csv"
            className={inputClass}
            disabled={!credentialId}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              setFileName(f.name);
              key.current = "";
              if (f.size > 20 * 1024 * 1024) return void setServerError(`${f.name} is ${(f.size / 1048576).toFixed(1)} MB; a run's file is at most 20 MB.`);
              setServerError(null);
              // The last 24 hours' pay-outs (hashed) first, so the check can flag the same pay-out sent recently.
              const keys = qc.fetchQuery({ queryKey: ["payout-batches-recent", credentialId], queryFn: () => apiFetch<{ keys: string[] }>(`/api/payout-batches/recent?credentialId=${credentialId}`), staleTime: 60_000 });
              void Promise.all([f.arrayBuffer(), keys.then((k) => k.keys, () => [] as string[])]).then(([b, k]) => checkFile(b, id, k));
            }}
          />
        </Field>
      </section>
      {state.phase === "checking" ? <p role="status" data-testid="run-checking">Checking the file…</p> : null}
      {state.phase === "refused" ? (
        <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-200" data-testid="run-refused">
          {state.message}
        </p>
      ) : null}
      {serverError ? (
        <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-200" data-testid="run-server-error">
          {serverError}
        </p>
      ) : null}
      {checked ? (
        <section className="space-y-4">
          <p className="text-sm" data-testid="run-check-summary" data-ms={Math.round(checked.ms)}>
            {checked.rows.length} rows checked in {Math.round(checked.ms)} ms: <strong data-testid="run-bad-count">{checked.badCount}</strong> need attention
            {dupes.length ? `, ${dupes.length} look like duplicates` : ""}
            {checked.unpriced ? `, ${checked.unpriced} pay saved beneficiaries (their payee and amount are checked when you submit, not counted below)` : ""}.
          </p>
          <RunTotals credentialId={credentialId} totals={checked.totals} />
          {bad.length > 0 ? (
            <div className="space-y-2">
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="text-sm font-semibold">Rows that need attention</h2>
                <button type="button" className={secondaryButtonClass} onClick={() => drop(new Set(bad.map((r) => r.row)))}>
                  Drop all {bad.length} bad rows
                </button>
              </div>
              <ul className="space-y-2">
                {bad.slice(0, SHOWN).map((r) => (
                  <BadRow key={`${r.row}:${JSON.stringify(r.cells)}`} r={r} onEdit={(c, v) => edit(r.row, c, v)} onDrop={() => drop(new Set([r.row]))} />
                ))}
              </ul>
              {bad.length > SHOWN ? <p className="text-sm text-slate-600">…and {bad.length - SHOWN} more: fix or drop these first.</p> : null}
            </div>
          ) : null}
          {dupes.length > 0 ? (
            <ul className="space-y-1">
              {dupes.slice(0, SHOWN).map((r) => (
                <DuplicateRow key={r.row} r={r} onDrop={() => drop(new Set([r.row]))} />
              ))}
            </ul>
          ) : null}
          {goodRows && goodRows.length > 0 ? (
            <p
              className={`rounded p-3 text-sm ring-1 ${approval?.need?.required ? "bg-amber-50 text-amber-900 ring-amber-300" : "bg-slate-50 text-slate-800 ring-slate-200"}`}
              role="status"
              data-testid="run-approval-need"
              data-required={approval?.need ? String(approval.need.required) : undefined}
            >
              {approval === null ? "Checking whether this run needs a second person's approval…" : approval.need ? needText(approval.need) : `Could not tell whether it needs approval (${approval.error ?? "no answer"}); the run will say so once submitted.`}
            </p>
          ) : null}
          <button type="button" className={buttonClass} disabled={checked.badCount > 0 || checked.rows.length === 0 || sending} onClick={() => setConfirm("submit")}>
            {sending ? "Submitting…" : `Submit run of ${checked.rows.length} pay-outs`}
          </button>
        </section>
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === "submit" ? "Submit this run?" : "This file was already submitted"}
        body={
          confirm === "submit"
            ? `${runText(checked?.totals ?? [], checked?.unpriced ?? 0)} will be stored as one run. ${approval?.need ? needText(approval.need) : "Under the approval threshold they are sent at once; otherwise a second person must approve the run."}`
            : `${typeof confirm === "object" && confirm ? confirm.duplicateOf : ""} Submitting again pays every row a second time.`
        }
        confirmLabel={confirm === "submit" ? "Submit run" : "Pay these again"}
        tone="danger"
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const dup = confirm !== "submit";
          setConfirm(null);
          void submit(dup);
        }}
      />
    </div>
  );
}
