import { z } from "zod";

/**
 * Control characters (NUL, tabs, newlines, DEL, C1) have no place in a name, a purpose or an id; nor have the
 * bidirectional overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069), which make text display in
 * another order than it reads ("Salary\u202eyralas"): an approver must see what is stored.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function hasControlChars(value: string): boolean {
  return CONTROL.test(value);
}

/** A trimmed single-line text of 1..max characters without control characters. */
export function plainText(label: string, max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min, min <= 1 ? `Enter ${label}` : `${label} needs at least ${min} characters`)
    .max(max, `At most ${max} characters`)
    .refine((v) => !hasControlChars(v), "Remove control characters (tabs, line breaks, NUL)");
}

/** Positive ids, each once: duplicates are refused rather than silently merged. */
export function uniqueIds(label: string, max = 100) {
  return z
    .array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER))
    .max(max, `At most ${max} ${label}`)
    .refine((ids) => new Set(ids).size === ids.length, `Each ${label.replace(/s$/, "")} may be listed once`);
}
