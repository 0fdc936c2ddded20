import type { z } from "zod";

/**
 * What a broken client or an attacker puts where a list expects its own `cursor`, a day or a page size: shared by the
 * hostile-input suite (every list and export route of the running app) and tests/http/list-paging.test.ts.
 */
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const b64std = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** Cursors no list ever wrote: not base64, not JSON, an instant that is no instant, ids that are no ids, wrong shapes. */
export const HOSTILE_CURSORS: readonly string[] = [
  // not base64(url) at all
  "%%%",
  "not base64!",
  "a",
  "x".repeat(5000),
  "\u202e\u0000",
  // base64 of something that is not JSON
  b64("not json"),
  b64("{"),
  b64("2026-99-99T99:99:99.000000Z|1"),
  // JSON of the wrong type
  b64("null"),
  b64("[]"),
  b64('"text"'),
  b64("12"),
  // an instant that is no date
  b64('{"at":"not a date"}'),
  b64std('{"at":"not a date"}'),
  b64('{"at":"not a date","id":1}'),
  b64('{"at":"not a date","kind":"payout","id":1}'),
  b64('{"at":"2026-02-30T00:00:00.000000Z","kind":"payout","id":1}'),
  b64('{"at":"2026-13-01T00:00:00.000000Z","id":1}'),
  b64('{"at":"0000-00-00T00:00:00.000000Z","id":1}'),
  b64('{"at":"0000-01-01T00:00:00.000000Z","kind":"payin","id":1}'),
  b64('{"at":"2026-01-01T25:61:00.000000Z","id":1}'),
  // ids and kinds of the wrong type or range
  b64('{"at":"2026-01-01T00:00:00.000000Z","id":"1"}'),
  b64('{"at":"2026-01-01T00:00:00.000000Z","kind":"refund","id":1}'),
  b64('{"id":-1}'),
  b64('{"id":1.5}'),
  b64('{"id":1e300}'),
  b64('{"id":99999999999999999999}'),
  b64('{"id":"1; drop table payouts"}'),
  b64('{"at":true,"id":{}}'),
];

/** Days no calendar has (and the ones JavaScript's Date would roll over into the next month). */
export const IMPOSSIBLE_DAYS: readonly string[] = ["2026-02-30", "2026-13-01", "0000-00-00", "2025-02-29", "2026-04-31", "9999-99-99"];

export const BAD_LIMITS: readonly string[] = ["0", "-1", "201", "1.5", "abc", "NaN", "Infinity", "1e9", " "];

type Def = { type: string; shape?: Record<string, unknown>; in?: unknown; innerType?: unknown; schema?: unknown };

/** The keys of a query schema (through refinements, pipes and defaults), to find the lists with cursor, from or to. */
export function queryKeys(schema: z.ZodType | null): string[] {
  let s: unknown = schema;
  for (let i = 0; i < 6 && s; i++) {
    const def = (s as { _zod: { def: Def } })._zod.def;
    if (def.type === "object") return Object.keys(def.shape ?? {});
    s = def.in ?? def.innerType ?? def.schema;
  }
  return [];
}
