import "server-only";
import { and, eq } from "drizzle-orm";
import QRCode from "qrcode";
import { users } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { generateRecoveryCodes } from "@/lib/auth/recovery-codes";
import { newTotpSecret, totpAad, totpUri } from "@/lib/auth/totp";
import { verifyTotpOnce } from "@/lib/auth/verify-totp-once";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { AppError } from "@/lib/errors";

/**
 * Enrolment, step 1: a new secret, kept encrypted but not yet enabled, shown once to its owner as a QR code
 * and as text for manual entry. Refused while two-factor is already on (an admin resets it first).
 */
export async function startTwoFactor({ ctx }: { ctx: Ctx }) {
  if (ctx.user.totpEnabled) throw new AppError("conflict", "Two-factor sign-in is already on for this account.");
  const secret = newTotpSecret();
  await ctx.db
    .update(users)
    .set({ totpSecretEnc: encryptSecret(secret, totpAad(ctx.user.id)), totpLastStep: null, updatedAt: new Date() })
    .where(and(eq(users.id, ctx.user.id), eq(users.totpEnabled, false)));
  const uri = totpUri(ctx.user.email, secret);
  return { secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/**
 * Enrolment, step 2: a correct code from the app turns two-factor on (and is used up, like a sign-in code), and
 * gives ten recovery codes, shown this once (only their hashes are kept).
 */
export async function confirmTwoFactor({ ctx, input }: { ctx: Ctx; input: { code: string } }) {
  const row = (await ctx.db.select({ enc: users.totpSecretEnc, on: users.totpEnabled }).from(users).where(eq(users.id, ctx.user.id)))[0];
  if (!row?.enc || row.on) throw new AppError("conflict", "Start the set-up again.");
  const recoveryCodes = await ctx.db.transaction(async (tx) => {
    if (!(await verifyTotpOnce(tx, ctx.user.id, input.code)).ok) return null;
    await tx.update(users).set({ totpEnabled: true, updatedAt: new Date() }).where(eq(users.id, ctx.user.id));
    await writeAudit(tx, auditActor(ctx), {
      action: "user.two_factor_enabled",
      targetType: "user",
      targetId: ctx.user.id,
      before: { totpEnabled: false },
      after: { totpEnabled: true },
    });
    const codes = await generateRecoveryCodes(tx, ctx.user.id);
    await writeAudit(tx, auditActor(ctx), { action: "user.recovery_codes_generated", targetType: "user", targetId: ctx.user.id, after: { count: codes.length } });
    return codes;
  });
  if (!recoveryCodes) {
    throw new AppError("invalid_input", "Some fields need attention.", { code: "That code is not valid. Check your app and try again." });
  }
  return { ok: true, recoveryCodes };
}

/** New recovery codes (the old ones stop working), for a person with two-factor on, with a current code from the app. */
export async function regenerateRecoveryCodes({ ctx, input }: { ctx: Ctx; input: { code: string } }) {
  if (!ctx.user.totpEnabled) throw new AppError("conflict", "Turn on two-factor sign-in first.");
  const recoveryCodes = await ctx.db.transaction(async (tx) => {
    if (!(await verifyTotpOnce(tx, ctx.user.id, input.code)).ok) return null;
    const codes = await generateRecoveryCodes(tx, ctx.user.id);
    await writeAudit(tx, auditActor(ctx), { action: "user.recovery_codes_generated", targetType: "user", targetId: ctx.user.id, after: { count: codes.length } });
    return codes;
  });
  if (!recoveryCodes) {
    throw new AppError("invalid_input", "Some fields need attention.", { code: "That code is not valid. Check your app and try again." });
  }
  return { recoveryCodes };
}
