import Papa from "papaparse";
import { BATCH_COLUMNS, MAX_BATCH_ROWS, MAX_ROW_CHARS, type BatchCells, type BatchColumn } from "./columns";

/** A file that cannot be a run at all (empty, binary, no known header): one message, nothing is checked or stored. */
export type ParsedFile = { ok: true; rows: ParsedRow[] } | { ok: false; message: string };
export interface ParsedRow {
  /** 1-based row number after the header, as a spreadsheet user counts data rows. */
  row: number;
  cells: BatchCells;
  /** Refused before its cells are read (too long): the whole row's message. */
  rowError?: string;
}

/**
 * Bytes to rows, the same in the browser's worker and on the server: UTF-8 (with or without BOM) only, `,` `;` or
 * tab (Papa Parse guesses from the header), quoted fields with line breaks, header names as in the template
 * (case-insensitive). Unknown header names are refused so a column is never silently dropped.
 */
export function parseBatchFile(bytes: Uint8Array): ParsedFile {
  if (bytes.byteLength === 0) return { ok: false, message: "The file is empty: download a template and fill in one row per pay-out." };
  const workbook = spreadsheetKind(bytes);
  if (workbook) return { ok: false, message: `This is ${workbook}, not a CSV: runs are read from CSV only. Save it as “CSV UTF-8” (File → Save As) and upload that.` };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, message: "This is not a UTF-8 text file (CSV). Save the spreadsheet as “CSV UTF-8” and upload that." };
  }
  if (text.includes("\u0000")) return { ok: false, message: "This looks like a binary file, not a CSV. Save the spreadsheet as “CSV UTF-8” and upload that." };
  if (text.trim() === "") return { ok: false, message: "The file is empty: download a template and fill in one row per pay-out." };
  const parsed = Papa.parse<string[]>(text, { delimitersToGuess: [",", ";", "\t"], skipEmptyLines: "greedy" });
  const [header, ...data] = parsed.data;
  if (!header) return { ok: false, message: "The file is empty: download a template and fill in one row per pay-out." };
  const names = header.map((h) => h.trim());
  const index = new Map<BatchColumn, number>();
  const unknown: string[] = [];
  names.forEach((n, i) => {
    const col = BATCH_COLUMNS.find((c) => c.toLowerCase() === n.toLowerCase());
    if (col) index.set(col, i);
    else if (n !== "") unknown.push(n);
  });
  if (unknown.length > 0 || (!index.has("region") && !index.has("beneficiaryId"))) {
    const shown = unknown.slice(0, 3).map((u) => `“${u.slice(0, 40)}”`).join(", ");
    return {
      ok: false,
      message: `The first row must be the template's header (${BATCH_COLUMNS.join(", ")})${unknown.length ? `; unknown column ${shown}` : ""}.`,
    };
  }
  if (data.length === 0) return { ok: false, message: "The file has a header but no rows: add one row per pay-out." };
  if (data.length > MAX_BATCH_ROWS) return { ok: false, message: `The file has ${data.length} rows; a run holds at most ${MAX_BATCH_ROWS}. Split it into several files.` };
  const rows = data.map((fields, i): ParsedRow => {
    const length = fields.reduce((n, f) => n + f.length, 0);
    if (length > MAX_ROW_CHARS) return { row: i + 1, cells: {}, rowError: `This row has ${length} characters; a row has at most ${MAX_ROW_CHARS}.` };
    const cells: BatchCells = {};
    for (const [col, at] of index) cells[col] = fields[at] ?? "";
    return { row: i + 1, cells };
  });
  return { ok: true, rows };
}

/** Workbook formats by their first bytes: .xlsx/.ods are ZIP archives, .xls an OLE compound file. */
function spreadsheetKind(b: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((v, i) => b[i] === v);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return "a spreadsheet workbook (.xlsx or .ods)";
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return "an Excel workbook (.xls)";
  return null;
}
