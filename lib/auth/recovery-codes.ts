import "server-only";
import { randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { and, count, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { recoveryCodes } from "@/db/schema";
import { normalizeRecoveryCode } from "./schemas";

export const RECOVERY_CODE_COUNT = 10;
// No 0/O, 1/l/i: a code is copied from paper. 31 symbols x 10 = about 50 bits per code.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
// A random 50-bit code needs no slow hash against guessing; argon2id with a light profile keeps the ten checks of a
// sign-in fast while a database dump still does not give the codes away.
const OPTIONS = { algorithm: 2, memoryCost: 4_096, timeCost: 2, parallelism: 1 } as const;

function newCode(): string {
  let s = "";
  for (let i = 0; i < 10; i += 1) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** Ten new codes for a user, replacing any earlier ones (used or not). The plain codes are returned once, here only. */
export async function generateRecoveryCodes(tx: DbOrTx, userId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  const hashes = await Promise.all(codes.map((c) => hash(normalizeRecoveryCode(c), OPTIONS)));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
  return codes;
}

/**
 * Use one recovery code in place of a TOTP code: true once per code. The matching row is marked used with a
 * conditional update, so two sign-ins racing with the same code get one success. Call it inside the transaction of
 * the sign-in it authorises.
 */
export async function useRecoveryCode(tx: DbOrTx, userId: number, code: string): Promise<{ ok: boolean; left: number }> {
  const plain = normalizeRecoveryCode(code);
  const rows = await tx
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  for (const row of rows) {
    const match = await verify(row.codeHash, plain).catch(() => false);
    if (!match) continue;
    const used = await tx
      .update(recoveryCodes)
      .set({ usedAt: new Date() })
      .where(and(eq(recoveryCodes.id, row.id), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    return { ok: used.length === 1, left: rows.length - 1 };
  }
  return { ok: false, left: rows.length };
}

export async function countUnusedRecoveryCodes(db: DbOrTx, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

export async function deleteRecoveryCodes(tx: DbOrTx, userId: number): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}
