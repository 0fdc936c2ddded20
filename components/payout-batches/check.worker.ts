/// <reference lib="webworker" />
import { checkRows } from "@/lib/payout-batches/check-rows";
import { payoutDuplicateKey } from "@/lib/payout-batches/columns";
import { parseBatchFile, type ParsedRow } from "@/lib/payout-batches/parse-file";
import type { CheckReply, CheckRequest } from "./check-protocol";

/**
 * The check of a run's file, off the main thread: the same parser and the same zod schema (with the region files'
 * rules) as the server. A file arrives as bytes; after an edit, the remaining rows arrive as cells.
 */
self.onmessage = async (m: MessageEvent<CheckRequest>) => {
  const req = m.data;
  const t0 = performance.now();
  let rows: ParsedRow[];
  if (req.kind === "file") {
    const f = parseBatchFile(new Uint8Array(req.bytes));
    if (!f.ok) {
      self.postMessage({ seq: req.seq, ok: false, message: f.message } satisfies CheckReply);
      return;
    }
    rows = f.rows;
  } else rows = req.rows;
  const result = checkRows(rows, req.credentialId);
  const recent = new Set(req.recent);
  const hex = async (text: string) => [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const seenRecently = recent.size === 0 ? [] : await Promise.all(result.rows.map(async (r) => (r.value ? recent.has(await hex(payoutDuplicateKey(r.value))) : false)));
  // Canonical values stay here (bigint): the page needs cells, errors, flags and totals.
  const slim = result.rows.map((r, i) => ({ row: r.row, cells: r.cells, errors: r.errors, sameAs: r.sameAs, recent: seenRecently[i] || undefined, currency: r.value?.currency, amountMinor: r.value?.amountMinor.toString() }));
  self.postMessage({ seq: req.seq, ok: true, rows: slim, badCount: result.badCount, totals: result.totals, unpriced: result.unpriced, ms: performance.now() - t0 } satisfies CheckReply);
};
