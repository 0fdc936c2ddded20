import { z } from "zod";
import { FIRST_DAY, LAST_DAY, isRealDay } from "./dates";

/**
 * Keyset paging, shared by every list: `cursor` is base64url of a small JSON object the list itself wrote, and
 * `limit` a page size. Both are parsed here, once: a cursor that is not base64url, not JSON or not of the list's
 * shape (an instant that is no real instant, an id that is no id) is a field error on `cursor`, never a query the
 * database refuses. Pure module (atob/btoa and TextEncoder exist in the browser and in Node).
 */
export const BAD_CURSOR = "This cursor is not valid: start from the first page";
const MAX_CURSOR = 400;

const blank = (v: unknown) => (v === "" ? undefined : v);

function fromBase64url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return null;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** What a list hands out as `nextCursor`: base64url of the JSON of its last row's key. */
export function encodeCursor(key: Record<string, string | number>): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The `cursor` query field of a list whose keys have `shape`: its output is the decoded key, or undefined. */
export function keysetCursor<T extends z.ZodType>(shape: T) {
  return z.preprocess(
    blank,
    z
      .string()
      .max(MAX_CURSOR, BAD_CURSOR)
      .transform((text, ctx): z.output<T> => {
        const json = fromBase64url(text);
        let value: unknown;
        try {
          value = json === null ? undefined : JSON.parse(json);
        } catch {
          value = undefined;
        }
        const parsed = shape.safeParse(value);
        if (!parsed.success) {
          ctx.addIssue({ code: "custom", message: BAD_CURSOR });
          return z.NEVER;
        }
        return parsed.data;
      })
      .optional(),
  );
}

/** A row's id in a cursor. */
export const cursorId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * A row's created_at in a cursor, to the microsecond in UTC as the lists write it (`createdAtKey`): a real instant
 * of a real day of 1970-2999 only, so the database is never asked about 2026-02-30 or 25:61.
 */
export const cursorInstant = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z$/)
  .refine((v) => {
    const day = v.slice(0, 10);
    return isRealDay(day) && day >= FIRST_DAY && day <= LAST_DAY;
  });

/** The key of lists newest (or oldest) first by created_at, then id. */
export const instantIdKey = z.object({ at: cursorInstant, id: cursorId }).strict();
export type InstantIdKey = z.output<typeof instantIdKey>;

/** The key of lists by id alone. */
export const idKey = z.object({ id: cursorId }).strict();
export type IdKey = z.output<typeof idKey>;

const limitNumber = (max: number) => {
  const message = `A whole number from 1 to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(1, message).max(max, message);
};

/** A page size: a whole number from 1 to `max`; an empty value is the default; anything else is a field error. */
export const pageLimit = (fallback: number, max = 200) => z.preprocess(blank, limitNumber(max).default(fallback));

/** The same, for a list whose verb picks the default itself. */
export const optionalPageLimit = (max = 200) => z.preprocess(blank, limitNumber(max).optional());
