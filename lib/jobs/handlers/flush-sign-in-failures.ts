import "server-only";

/**
 * Every minute: closed per-minute counts of failed sign-ins become their audit rows (lib/auth/sign-in-failures.ts),
 * and throttle keys past their forget window are deleted (lib/auth/rate-limit.ts).
 */
export const FLUSH_SIGN_IN_FAILURES = "flush-sign-in-failures";
