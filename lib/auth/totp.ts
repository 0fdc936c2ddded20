import "server-only";
import { authenticator } from "otplib";

// One step either side tolerates a phone clock that is 30 s off.
const STEP_SECONDS = 30;
authenticator.options = { window: 1, step: STEP_SECONDS, digits: 6 };

export const TOTP_ISSUER = "Smilepayz back-office";

/** Associated data binding an encrypted TOTP secret to its user row. */
export function totpAad(userId: number): string {
  return `users:${userId}:totp_secret`;
}

export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

export function totpUri(email: string, secret: string): string {
  return authenticator.keyuri(email, TOTP_ISSUER, secret);
}

/** The time step (Unix seconds / 30) a code belongs to, within one step of `now`; null when wrong or malformed. */
export function matchTotpStep(code: string, secret: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const delta = authenticator.clone({ epoch: now }).checkDelta(code, secret);
    return delta === null ? null : Math.floor(now / 1000 / STEP_SECONDS) + delta;
  } catch {
    return null;
  }
}
