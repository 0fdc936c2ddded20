import { eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { newTotpSecret, totpAad } from "@/lib/auth/totp";
import { verifyTotpOnce } from "@/lib/auth/verify-totp-once";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { testDb } from "../helpers/db";
import { createUser } from "../helpers/factories";

const STEP = 30_000;
const codeAt = (secret: string, ms: number) => authenticator.clone({ epoch: ms }).generate(secret);

async function userWithTotp() {
  const db = testDb();
  const u = await createUser(db, { role: "approver" });
  const secret = newTotpSecret();
  await db.update(users).set({ totpSecretEnc: encryptSecret(secret, totpAad(u.id)), totpEnabled: true }).where(eq(users.id, u.id));
  return { id: u.id, secret };
}

const lastStep = async (id: number) => (await testDb().select({ s: users.totpLastStep }).from(users).where(eq(users.id, id)))[0]?.s;

describe("verifyTotpOnce: a code is accepted once", () => {
  it("accepts a code, stores its time step, and refuses the same code again", async () => {
    const { id, secret } = await userWithTotp();
    const now = Date.now();
    const code = codeAt(secret, now);
    expect(await verifyTotpOnce(testDb(), id, code, now)).toEqual({ ok: true, step: Math.floor(now / STEP) });
    expect(await lastStep(id)).toBe(Math.floor(now / STEP));
    expect(await verifyTotpOnce(testDb(), id, code, now)).toEqual({ ok: false, reason: "reused_code" });
    // Still refused a step later, while the window would otherwise accept it.
    expect(await verifyTotpOnce(testDb(), id, code, now + STEP)).toEqual({ ok: false, reason: "reused_code" });
  });

  it("after a newer code, an older one inside the window is refused; the next one is accepted", async () => {
    const { id, secret } = await userWithTotp();
    const now = Date.now();
    expect((await verifyTotpOnce(testDb(), id, codeAt(secret, now + STEP), now)).ok).toBe(true);
    expect(await verifyTotpOnce(testDb(), id, codeAt(secret, now), now)).toEqual({ ok: false, reason: "reused_code" });
    expect(await verifyTotpOnce(testDb(), id, codeAt(secret, now - STEP), now)).toEqual({ ok: false, reason: "reused_code" });
    expect((await verifyTotpOnce(testDb(), id, codeAt(secret, now + 2 * STEP), now + STEP)).ok).toBe(true);
  });

  it("refuses wrong, malformed and out-of-window codes without using anything up", async () => {
    const { id, secret } = await userWithTotp();
    const now = Date.now();
    const good = codeAt(secret, now);
    const wrong = good === "000000" ? "000001" : "000000";
    expect(await verifyTotpOnce(testDb(), id, wrong, now)).toEqual({ ok: false, reason: "wrong_code" });
    expect(await verifyTotpOnce(testDb(), id, "12345", now)).toEqual({ ok: false, reason: "wrong_code" });
    expect(await verifyTotpOnce(testDb(), id, codeAt(secret, now - 3 * STEP), now)).toEqual({ ok: false, reason: "wrong_code" });
    expect(await lastStep(id)).toBeNull();
    const none = await createUser(testDb());
    expect(await verifyTotpOnce(testDb(), none.id, good, now)).toEqual({ ok: false, reason: "no_secret" });
  });

  it("two concurrent uses of one code: exactly one wins, each in its own transaction", async () => {
    const { id, secret } = await userWithTotp();
    const now = Date.now();
    const code = codeAt(secret, now);
    const slow = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const results = await Promise.all(
      [0, 1, 2, 3].map(() =>
        testDb().transaction(async (tx) => {
          const r = await verifyTotpOnce(tx, id, code, now);
          await slow(100); // hold the row while the others try
          return r.ok;
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("a rolled-back transaction does not use the code up", async () => {
    const { id, secret } = await userWithTotp();
    const now = Date.now();
    const code = codeAt(secret, now);
    await testDb()
      .transaction(async (tx) => {
        expect((await verifyTotpOnce(tx, id, code, now)).ok).toBe(true);
        throw new Error("rollback");
      })
      .catch(() => undefined);
    expect((await verifyTotpOnce(testDb(), id, code, now)).ok).toBe(true);
  });
});
