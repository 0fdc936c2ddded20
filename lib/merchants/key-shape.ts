/**
 * Is this pasted text an RSA public key? Pure (no node:crypto), so the credential form and the server give the same
 * answer before anything is sent: the DER structure is read (SPKI with the rsaEncryption algorithm, or PKCS#1 under
 * "RSA PUBLIC KEY"), not the numbers. The server still parses the key for real (read-keys.ts) and checks its size.
 */
const NOT_A_KEY =
  "This is not a readable RSA public key: paste the platform public key from the Smilepayz merchant backend (-----BEGIN PUBLIC KEY----- …, or its Base64 text alone)";
const PEM = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*)-----END \1-----$/;
const RSA_ENCRYPTION = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

function base64Bytes(text: string): Uint8Array | null {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const bin = atob(text);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** A DER SEQUENCE at `at`: where its content starts and ends, or null when it is not one or overruns. */
function sequence(b: Uint8Array, at: number): { start: number; end: number } | null {
  if (b[at] !== 0x30) return null;
  const first = b[at + 1];
  if (first === undefined) return null;
  let len = first;
  let start = at + 2;
  if (first >= 0x80) {
    const n = first & 0x7f;
    if (n < 1 || n > 3) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[at + 2 + i] ?? 0);
    start += n;
  }
  return start + len <= b.length ? { start, end: start + len } : null;
}

function isSpkiRsa(b: Uint8Array): boolean {
  const outer = sequence(b, 0);
  if (!outer || outer.end !== b.length) return false;
  const algorithm = sequence(b, outer.start);
  if (!algorithm || !RSA_ENCRYPTION.every((x, i) => b[algorithm.start + i] === x)) return false;
  return b[algorithm.end] === 0x03; // the key itself, a BIT STRING
}

function isPkcs1Rsa(b: Uint8Array): boolean {
  const outer = sequence(b, 0);
  return !!outer && outer.end === b.length && b[outer.start] === 0x02; // modulus, an INTEGER
}

/** Why the text cannot be the platform's RSA public key, or null. Only the armour's label is ever quoted. */
export function publicKeyProblem(text: string): string | null {
  const pem = PEM.exec(text.trim());
  const label = pem?.[1];
  if (label?.includes("PRIVATE")) return "This is a private key: paste the platform's public key (-----BEGIN PUBLIC KEY-----), never a private key";
  if (label !== undefined && label !== "PUBLIC KEY" && label !== "RSA PUBLIC KEY") return NOT_A_KEY;
  const der = base64Bytes((pem ? (pem[2] ?? "") : text).replace(/\s/g, ""));
  if (!der) return NOT_A_KEY;
  return (label === "RSA PUBLIC KEY" ? isPkcs1Rsa(der) : isSpkiRsa(der)) ? null : NOT_A_KEY;
}
