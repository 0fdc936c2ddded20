import { z } from "zod";

export type Issue = (path: string, message: string) => void;

/**
 * An object schema whose cross-field rules (amount limits, account formats, the region's rules) speak in the same
 * parse as its plain fields. zod skips a transform while any field is wrong, so a form would show those messages
 * only after the plain ones were fixed, in stages. `read` runs as a refinement whatever the fields hold (it gets
 * them as typed, possibly wrong: check before use), then again as the transform once nothing is wrong.
 */
export function allAtOnce<T extends z.ZodObject, O>(fields: T, read: (input: Partial<z.output<T>>, issue: Issue) => O | null) {
  const issuer = (ctx: z.RefinementCtx) => (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  return fields
    .superRefine(
      (input, ctx) => {
        // Forced to run while fields are wrong: the body itself may be no object at all (null, a number, a list).
        if (input === null || typeof input !== "object" || Array.isArray(input)) return;
        read(input as Partial<z.output<T>>, issuer(ctx));
      },
      { when: () => true },
    )
    .transform((input, ctx): O => {
      const out = read(input as Partial<z.output<T>>, issuer(ctx));
      if (out === null) {
        ctx.addIssue({ code: "custom", path: [], message: "Some fields need attention." });
        return z.NEVER;
      }
      return out;
    });
}

/** A field's value as typed, when it is a string ("" otherwise): for rules that run while other fields are wrong. */
export const text = (v: unknown): string => (typeof v === "string" ? v : "");
