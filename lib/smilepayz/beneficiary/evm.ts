import { keccak_256 } from "@noble/hashes/sha3";
import type { FieldError } from "../regions/types";

/** BEP20 (BNB Smart Chain) addresses are Ethereum-style: 0x + 20 bytes hex, EIP-55 mixed-case checksum. */

export function normalizeEvmAddress(raw: string): string {
  const trimmed = raw.trim();
  return /^0X/.test(trimmed) ? `0x${trimmed.slice(2)}` : trimmed;
}

/** EIP-55: uppercase each hex letter whose nibble of keccak256(lowercase hex) is >= 8. */
export function toChecksumAddress(address: string): string {
  const hex = address.slice(2).toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(hex));
  let out = "0x";
  for (let i = 0; i < hex.length; i++) {
    const byte = hash[i >> 1] ?? 0;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    const ch = hex.charAt(i);
    out += nibble >= 8 ? ch.toUpperCase() : ch;
  }
  return out;
}

export function validateEvmAddress(normalized: string): FieldError {
  if (normalized.length === 0) return "Enter a BEP20 address.";
  if (!normalized.startsWith("0x")) return "A BEP20 address starts with 0x.";
  const hex = normalized.slice(2);
  if (!/^[0-9a-fA-F]*$/.test(hex)) return "A BEP20 address has only 0-9 and a-f after 0x.";
  if (hex.length !== 40) return `A BEP20 address has 40 hex digits after 0x; this has ${hex.length}.`;
  // All-lower or all-upper carries no checksum (EIP-55 is opt-in); mixed case must match it exactly.
  // Tokens sent to the zero address are burnt: almost always a placeholder pasted by mistake.
  if (/^0+$/.test(hex)) return "This is the zero address; funds sent there are lost.";
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return null;
  if (toChecksumAddress(normalized) !== normalized) {
    return "This BEP20 address's capital letters do not match its checksum; please copy it again.";
  }
  return null;
}

/** One wallet whatever its spelling (lower, upper, EIP-55 checksummed, "0X"): the address lower-case. */
export function evmBeneficiaryKey(address: string): string {
  return address.trim().toLowerCase();
}
