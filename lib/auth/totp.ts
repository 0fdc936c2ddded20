import "server-only";
import { authenticator } from "otplib";

// One step either side tolerates a phone clock that is 30 s off.
authenticator.options = { window: 1, step: 30, digits: 6 };

export const TOTP_ISSUER = "Smilepayz back-office";

export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

export function totpUri(email: string, secret: string): string {
  return authenticator.keyuri(email, TOTP_ISSUER, secret);
}

/** False for a wrong, malformed or expired code; never throws. */
export function checkTotp(code: string, secret: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  try {
    return authenticator.check(code, secret);
  } catch {
    return false;
  }
}
