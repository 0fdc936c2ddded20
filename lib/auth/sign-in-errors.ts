/**
 * Codes the credentials provider throws (next-auth passes the message to the browser as `error`), and the
 * sentence a person sees for each. Pure module: the sign-in form reads it.
 */
export const SIGN_IN_ERRORS = {
  invalid: "invalid_credentials",
  locked: "locked",
  totpRequired: "totp_required",
  totpInvalid: "totp_invalid",
  disabled: "account_disabled",
} as const;

/** `locked:<seconds>` carries how long the lock lasts. */
export function lockedError(seconds: number): string {
  return `${SIGN_IN_ERRORS.locked}:${Math.max(1, Math.ceil(seconds))}`;
}

export function describeSignInError(code: string): string {
  if (code.startsWith(`${SIGN_IN_ERRORS.locked}:`)) {
    const seconds = Number(code.split(":")[1] ?? "0");
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    return `Too many failed sign-in attempts. Sign-in is locked for ${minutes} minute${minutes === 1 ? "" : "s"}; try again later or ask an admin.`;
  }
  if (code === SIGN_IN_ERRORS.disabled) return "This account is disabled. Ask an admin to enable it.";
  return "Wrong e-mail or password.";
}
