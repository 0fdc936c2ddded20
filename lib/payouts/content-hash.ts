import "server-only";
import { createHash } from "node:crypto";

export interface PayoutContent {
  credentialId: number;
  /** The wire merchant id of the credential. */
  merchantId: string;
  region: string;
  currency: string;
  amountMinor: bigint;
  method: string;
  account: string;
  receiverName: string | null | undefined;
  taxNumber: string | null | undefined;
  network: string | null | undefined;
}

/**
 * SHA-256 hex of what an approver must see. An approval stores this hash; dispatch refuses a pay-out whose
 * content no longer hashes to it. Fixed key order, absent values as null, money as a decimal string.
 */
export function contentHash(c: PayoutContent): string {
  return createHash("sha256").update(canonicalContent(c), "utf8").digest("hex");
}

/** The canonical text of a pay-out's content: what contentHash hashes and what an approval's seal covers. */
export function canonicalContent(c: PayoutContent): string {
  return JSON.stringify([
    ["credentialId", c.credentialId],
    ["merchantId", c.merchantId],
    ["region", c.region],
    ["currency", c.currency],
    ["amountMinor", c.amountMinor.toString()],
    ["method", c.method],
    ["account", c.account],
    ["receiverName", c.receiverName ?? null],
    ["taxNumber", c.taxNumber ?? null],
    ["network", c.network ?? null],
  ]);
}

/** The columns of a stored pay-out that make its content. */
export interface StoredContent {
  merchantId: number;
  region: string;
  currency: string;
  amountMinor: bigint;
  paymentMethod: string;
  cashAccount: string;
  receiverName: string | null;
  taxNumber: string | null;
  network: string | null;
}

/** The content hash of a stored pay-out, recomputed from its columns and its credential's wire merchant id. */
export function storedContentHash(p: StoredContent, m: { merchantId: string }): string {
  return contentHash(storedContent(p, m));
}

/** A stored pay-out's content, from its columns and its credential's wire merchant id. */
export function storedContent(p: StoredContent, m: { merchantId: string }): PayoutContent {
  return {
    credentialId: p.merchantId,
    merchantId: m.merchantId,
    region: p.region,
    currency: p.currency,
    amountMinor: p.amountMinor,
    method: p.paymentMethod,
    account: p.cashAccount,
    receiverName: p.receiverName,
    taxNumber: p.taxNumber,
    network: p.network,
  };
}

/** SHA-256 hex of a canonical JSON value (object keys sorted, bigint as a string): the Idempotency-Key's body. */
export function canonicalHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value), "utf8").digest("hex");
}

function canonicalJson(v: unknown): string {
  if (typeof v === "bigint") return JSON.stringify(v.toString());
  if (v === undefined || v === null) return "null";
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}
