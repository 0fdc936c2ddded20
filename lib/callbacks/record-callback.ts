import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbacks } from "@/db/schema";

export type CallbackOutcome = (typeof callbacks.$inferInsert)["outcome"];
export type CallbackRecord = Omit<typeof callbacks.$inferInsert, "id" | "receivedAt">;

/** Headers kept with the record: everything the gateway sent except credentials a proxy might add. */
const DROPPED = new Set(["cookie", "authorization", "proxy-authorization"]);
/** The callback's own headers are kept first; then the others while the record's headers stay under HEADERS_MAX. */
const FIRST = ["x-timestamp", "x-signature", "x-partner-id", "content-type", "content-length", "user-agent", "x-forwarded-for"];
const VALUE_MAX = 1_024;
export const HEADERS_MAX = 4_096;

/** The headers kept with a callback: at most HEADERS_MAX bytes as JSON, each value cut to 1 KiB, and what was left out counted. */
export function storedHeaders(headers: Headers): Record<string, string> {
  const all: [string, string][] = [];
  headers.forEach((value, name) => {
    if (!DROPPED.has(name)) all.push([name, value]);
  });
  const rank = (n: string) => (FIRST.includes(n) ? FIRST.indexOf(n) : FIRST.length);
  all.sort((a, b) => rank(a[0]) - rank(b[0]));
  const out: Record<string, string> = {};
  let size = 2;
  let left = 0;
  for (const [name, value] of all) {
    const v = value.slice(0, VALUE_MAX);
    const cost = Buffer.byteLength(JSON.stringify(name)) + Buffer.byteLength(JSON.stringify(v)) + 2;
    if (size + cost > HEADERS_MAX - 64) left += 1;
    else {
      out[name] = v;
      size += cost;
    }
  }
  if (left > 0) out["x-smilepayz-not-kept"] = `${left} more header(s)`;
  return out;
}

/** Bytes a stored record costs: what the sample budget counts (lib/strangers/write-budget.ts). */
export function recordBytes(row: CallbackRecord): number {
  const text = [row.rawBody, row.xSignature, row.xTimestamp, row.tradeNo, row.orderNo, row.error, row.remoteIp].map((t) => Buffer.byteLength(t ?? ""));
  return text.reduce((a, b) => a + b, 0) + Buffer.byteLength(JSON.stringify(row.headers));
}

/** One row per callback received, whatever became of it; returns its id (order events point at it). */
export async function recordCallback(db: DbOrTx, row: CallbackRecord): Promise<number> {
  // PostgreSQL text cannot hold NUL; such a body is never valid JSON, so it is kept readable rather than refused with a 500.
  const rawBody = row.rawBody.includes("\u0000") ? row.rawBody.replaceAll("\u0000", "\uFFFD") : row.rawBody;
  const [inserted] = await db.insert(callbacks).values({ ...row, rawBody }).returning({ id: callbacks.id });
  if (!inserted) throw new Error("callback row not inserted");
  return inserted.id;
}

/** Refused bodies are kept as samples of what was sent, not whole: the first 8 KiB say what it was. */
export const SAMPLE_BODY_CHARS = 8_192;

/** The signature's bytes, written one way: Base64 decoding ignores stray characters, so the text alone is no key. */
export function signatureKeyOf(signature: string): string {
  return Buffer.from(signature, "base64").toString("base64");
}

/**
 * Store a verified callback as the one that accepted its signature. Null when the signature was accepted before
 * (the unique index on signature_key refuses a second claim; the database decides, not a lookup first).
 */
export async function claimCallback(db: DbOrTx, row: CallbackRecord & { signatureKey: string; bodySha256: string }): Promise<number | null> {
  const [inserted] = await db.insert(callbacks).values(row).onConflictDoNothing({ target: callbacks.signatureKey }).returning({ id: callbacks.id });
  return inserted?.id ?? null;
}

/**
 * The callback that accepted this signature: with the same body this is a duplicate delivery (counted on that
 * row, nothing else written), with another body a replay.
 */
export async function priorClaim(db: DbOrTx, signatureKey: string, bodySha256: string): Promise<{ id: number; sameBody: boolean } | null> {
  const [row] = await db.select({ id: callbacks.id, bodySha256: callbacks.bodySha256 }).from(callbacks).where(eq(callbacks.signatureKey, signatureKey));
  if (!row) return null;
  const sameBody = row.bodySha256 === bodySha256;
  if (sameBody) await db.update(callbacks).set({ duplicates: sql`${callbacks.duplicates} + 1` }).where(eq(callbacks.id, row.id));
  return { id: row.id, sameBody };
}
