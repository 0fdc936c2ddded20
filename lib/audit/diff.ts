import { regionByCurrency } from "@/lib/smilepayz/regions";
import { formatMoney, formatMoneyNumber } from "@/lib/words/money";

/** A readable change between two audit snapshots: changed fields only, old → new. Pure module (the page uses it). */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

function show(v: unknown): string {
  if (v === undefined) return "—";
  if (v === null) return "none";
  if (typeof v === "string") return v === "" ? "(empty)" : v;
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return v.length === 0 ? "(none)" : v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Nested objects are flattened with dotted names (`accounts.0.currency`); a field only on one side shows "—" on the
 * other. When a side is not an object (or absent), it is compared as a whole under the field "value".
 */
export function auditDiff(before: unknown, after: unknown, action?: string): FieldChange[] {
  return rawDiff(moneyShaped(before), moneyShaped(after)).map((c) => (action === THRESHOLDS_ACTION ? thresholdChange(c) : c));
}

/** Audit rows keep money as minor units; people read it as money. */
const THRESHOLDS_ACTION = "credential.approval_thresholds_changed";

/** Threshold snapshots are `{ THB: "5000000" | null, … }`: "THB: 50,000.00 → 40,000.00", none = every pay-out waits. */
function thresholdChange(c: FieldChange): FieldChange {
  const region = regionByCurrency(c.field);
  if (!region) return c;
  const money = (v: string) => (/^\d+$/.test(v) ? formatMoneyNumber(BigInt(v), region) : v === "none" ? "none (every pay-out needs approval)" : v);
  return { field: c.field, before: money(c.before), after: money(c.after) };
}

/** `{ currency, amountMinor: "150000" }` reads as `{ currency, amount: "1,500.00 THB" }`, at any depth. */
function moneyShaped(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(moneyShaped);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  const region = typeof v.currency === "string" ? regionByCurrency(v.currency) : undefined;
  for (const [k, x] of Object.entries(v)) {
    if (k === "amountMinor" && region && typeof x === "string" && /^\d+$/.test(x)) out.amount = formatMoney(BigInt(x), region);
    else out[k] = moneyShaped(x);
  }
  return out;
}

function rawDiff(before: unknown, after: unknown): FieldChange[] {
  const flat = (v: unknown, prefix = "", out: Map<string, unknown> = new Map()): Map<string, unknown> => {
    if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) flat(x, prefix ? `${prefix}.${k}` : k, out);
    } else if (prefix) out.set(prefix, v);
    return out;
  };
  if (!isObject(before) && !isObject(after)) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: "value", before: show(before), after: show(after) }];
  }
  const b = isObject(before) ? flat(before) : new Map<string, unknown>();
  const a = isObject(after) ? flat(after) : new Map<string, unknown>();
  const fields = [...new Set([...b.keys(), ...a.keys()])];
  return fields
    .filter((f) => JSON.stringify(b.get(f)) !== JSON.stringify(a.get(f)))
    .map((f) => ({ field: f, before: show(b.get(f)), after: show(a.get(f)) }));
}
