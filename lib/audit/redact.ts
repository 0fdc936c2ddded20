/**
 * Audit before/after snapshots never hold secrets: any key that names one is replaced, at any depth.
 * Ciphertexts (`v1:...`) are redacted too: they are useless to a reader and would widen what a dump holds.
 */
const SECRET_KEY_RE = /(secret|^password$|password_?hash|(new|current|confirm)_?password|private_?key|token|_enc$|Enc$)/i;
export const REDACTED = "[redacted]";

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY_RE.test(k) && v !== null && v !== undefined ? REDACTED : redact(v);
    }
    return out;
  }
  if (typeof value === "string" && /^v1:[A-Za-z0-9_-]+:[^:]+:[^:]+:[^:]+$/.test(value)) return REDACTED;
  return value;
}
