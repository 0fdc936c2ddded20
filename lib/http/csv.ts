/** RFC 4180 field; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A table's columns: a header and how to read the cell from a row. */
export type CsvColumns<T> = ReadonlyArray<readonly [string, (row: T) => unknown]>;

const line = (cells: readonly unknown[]) => `${cells.map(csvField).join(",")}\r\n`;

/** The lines of `rows` under `columns` (no header). */
export function csvLines<T>(columns: CsvColumns<T>, rows: readonly T[]): string {
  return rows.map((r) => line(columns.map(([, get]) => get(r)))).join("");
}

/**
 * A CSV download streamed a chunk of rows at a time, read only as the client reads. The first chunk is read before
 * the 200 is sent: a query that fails does so as an error answer, not a cut stream.
 */
export async function csvResponse<T>(fileName: string, columns: CsvColumns<T>, chunks: AsyncIterator<readonly T[]> | Iterator<readonly T[]>): Promise<Response> {
  const encoder = new TextEncoder();
  let first: IteratorResult<readonly T[]> | null = await chunks.next();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(line(columns.map(([h]) => h))));
    },
    async pull(controller) {
      const next = first ?? (await chunks.next());
      first = null;
      if (next.done) return controller.close();
      const text = csvLines(columns, next.value);
      if (text) controller.enqueue(encoder.encode(text));
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}
