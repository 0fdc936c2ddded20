import "server-only";

/** Every minute: closed per-minute counts of failed sign-ins become their audit rows (lib/auth/sign-in-failures.ts). */
export const FLUSH_SIGN_IN_FAILURES = "flush-sign-in-failures";
