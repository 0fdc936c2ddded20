import fc from "fast-check";
import type { z } from "zod";

/**
 * fast-check arbitraries read off a zod 4 schema's definition, so the fuzz suite follows the app's schemas as they
 * change instead of a hand-kept copy. `validArb` aims at values the schema accepts (length, range, regex, enum and
 * format checks are honoured; refinements and transforms are not, so region rules are mostly missed on purpose).
 */
interface Def {
  type: string;
  [k: string]: unknown;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number | bigint;
  inclusive?: boolean;
}
type Any = z.ZodType;

const defOf = (s: Any): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (d: Def): CheckDef[] =>
  ((d.checks as { _zod: { def: CheckDef } }[] | undefined) ?? []).map((c) => c._zod.def);

const ALNUM = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.".split(""));

function stringArb(d: Def): fc.Arbitrary<string> {
  const checks = checksOf(d);
  let min = 0;
  let max: number | undefined;
  let regex: RegExp | undefined;
  let format = typeof d.format === "string" ? d.format : undefined;
  for (const c of checks) {
    if (c.check === "min_length" && c.minimum !== undefined) min = Math.max(min, c.minimum);
    if (c.check === "max_length" && c.maximum !== undefined) max = Math.min(max ?? Infinity, c.maximum);
    if (c.check === "length_equals" && c.length !== undefined) min = max = c.length;
    if (c.check === "string_format") {
      if (c.format === "regex" && c.pattern) regex = c.pattern;
      else format = c.format;
    }
  }
  if (format === "email") return fc.emailAddress().filter((e) => e.length <= (max ?? 100));
  if (format === "uuid") return fc.uuid();
  if (format === "url") return fc.webUrl();
  if (regex) {
    const r = regex;
    const hi = max ?? Infinity;
    // A pattern whose matches are mostly too long gives up on the bounds rather than loop: a near miss is fine.
    return fc.stringMatching(r).map((s) => s.trim()).chain((s) => fc.constant(s.length >= min && s.length <= hi && r.test(s) ? s : s.slice(0, hi)));
  }
  return fc.string({ unit: ALNUM, minLength: min, maxLength: Math.max(min, Math.min(max ?? 40, 40)) }).map((s) => (s.trim().length >= min ? s.trim() : "x".repeat(min)));
}

function numberArb(d: Def): fc.Arbitrary<number> {
  let min = -1e9;
  let max = 1e9;
  let int = false;
  for (const c of checksOf(d)) {
    const v = Number(c.value);
    if (c.check === "greater_than") min = Math.max(min, c.inclusive ? v : v + (int ? 1 : 1e-9));
    if (c.check === "less_than") max = Math.min(max, c.inclusive ? v : v - (int ? 1 : 1e-9));
    if (c.check === "number_format" && /int/.test(c.format ?? "")) int = true;
  }
  // Real ids are small: most draws stay near the bottom of the range so that rows exist.
  if (int) return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.min(Math.floor(max), Math.ceil(min) + 20) }), fc.integer({ min: Math.ceil(min), max: Math.floor(max) }));
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema (mostly) accepts. */
export function validArb(schema: Any, depth = 0): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  const inner = (k: string) => validArb(d[k] as Any, depth + 1);
  switch (d.type) {
    case "object": {
      const shape = d.shape as Record<string, Any>;
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const [k, v] of Object.entries(shape)) {
        model[k] = validArb(v, depth + 1);
        if (!["optional", "default", "prefault"].includes(defOf(v).type)) required.push(k);
      }
      return fc.record(model, { requiredKeys: required });
    }
    case "string":
      return stringArb(d);
    case "number": {
      const n = numberArb(d);
      // z.coerce.number() takes what a form or a query string sends: text.
      return d.coerce ? fc.oneof(n, n.map(String)) : n;
    }
    case "bigint":
      return fc.bigInt({ min: 0n, max: 10n ** 12n });
    case "boolean":
      return fc.boolean();
    case "date":
      return fc.date({ noInvalidDate: true });
    case "enum":
      return fc.constantFrom(...Object.values(d.entries as Record<string, unknown>));
    case "literal":
      return fc.constantFrom(...(d.values as unknown[]));
    case "union":
      return fc.oneof(...(d.options as Any[]).map((o) => validArb(o, depth + 1)));
    case "optional":
      return fc.option(inner("innerType"), { nil: undefined, freq: 4 });
    case "nullable":
      return fc.option(inner("innerType"), { nil: null, freq: 4 });
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return inner("innerType");
    case "pipe":
      // z.preprocess(fn, schema) is a pipe from a transform, z.string().pipe(z.email()) one into a stricter
      // schema: aim at the output side unless that is a transform (then what goes in is what counts).
      return defOf(d.out as Any).type === "transform" ? inner("in") : inner("out");
    case "lazy":
      return depth > 4 ? fc.constant(null) : validArb((d.getter as () => Any)(), depth + 1);
    case "array": {
      let min = 0;
      let max = 4;
      for (const c of checksOf(d)) {
        if (c.check === "min_length" && c.minimum !== undefined) min = c.minimum;
        if (c.check === "max_length" && c.maximum !== undefined) max = Math.min(max, c.maximum);
      }
      return fc.uniqueArray(inner("element"), { minLength: min, maxLength: Math.max(min, max), selector: (v) => JSON.stringify(v) });
    }
    case "record":
      return fc.dictionary(validArb(d.keyType as Any, depth + 1).map(String), validArb(d.valueType as Any, depth + 1), { maxKeys: 3 });
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
