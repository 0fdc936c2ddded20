import bs58check from "bs58check";
import type { FieldError } from "../regions/types";

/** TRON mainnet addresses: base58check of 0x41 + 20-byte account id, so always 34 chars starting "T". */
const TRON_VERSION = 0x41;

export function normalizeTronAddress(raw: string): string {
  return raw.trim();
}

export function validateTronAddress(normalized: string): FieldError {
  if (normalized.length === 0) return "Enter a TRC20 address.";
  if (!normalized.startsWith("T")) return "A TRC20 (TRON) address starts with T.";
  if (normalized.length !== 34) return `A TRC20 address has 34 characters; this has ${normalized.length}.`;
  // 0, O, I and l are not in the base58 alphabet: the usual misreadings of a copied address.
  if (!/^[1-9A-HJ-NP-Za-km-z]+$/.test(normalized)) {
    return "A TRC20 address uses base58 characters only (no 0, O, I or l).";
  }
  const payload = bs58check.decodeUnsafe(normalized);
  if (!payload) return "This TRC20 address's checksum does not match; please check for a typo.";
  if (payload.length !== 21 || payload[0] !== TRON_VERSION) return "This is not a TRON mainnet address.";
  // The all-zero account id (T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb) is TRON's burn address.
  if (payload.subarray(1).every((b) => b === 0)) return "This is TRON's zero address; funds sent there are lost.";
  return null;
}

/**
 * One wallet whatever its spelling: the base58check re-encoding of the decoded 21 bytes (the hex form "41…" too).
 * A valid address is its own key; anything that does not decode to a TRON address stays as typed (trimmed).
 */
export function tronBeneficiaryKey(address: string): string {
  const trimmed = address.trim();
  const hex = /^41[0-9a-fA-F]{40}$/.test(trimmed) ? trimmed : null;
  const payload = hex ? Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16)) : bs58check.decodeUnsafe(trimmed);
  if (!payload || payload.length !== 21 || payload[0] !== TRON_VERSION) return trimmed;
  return bs58check.encode(payload);
}
