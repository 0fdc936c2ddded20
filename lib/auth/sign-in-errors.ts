/**
 * Codes the credentials provider throws (next-auth passes the message to the browser as `error`), and the
 * sentence a person sees for each. Every failure is the one `invalid_credentials`: the answer must not tell a
 * right password from a wrong one (nor a disabled account, nor a missing code). A code may carry a wait,
 * `<code>:<seconds>`: how long until the next attempt is looked at. Pure module: the sign-in form reads it.
 */
export const SIGN_IN_ERRORS = {
  invalid: "invalid_credentials",
  /** Refused before its time, unchecked: the wait is what matters. */
  throttled: "throttled",
  /** No answer from the app (the browser's side: a dropped connection, a server error): nothing was decided. */
  unreachable: "unreachable",
} as const;

export type SignInErrorCode = (typeof SIGN_IN_ERRORS)[keyof typeof SIGN_IN_ERRORS];

/** `code`, or `code:<seconds>` when the next attempt must wait. */
export function withWait(code: SignInErrorCode, waitMs: number): string {
  return waitMs > 0 ? `${code}:${Math.max(1, Math.ceil(waitMs / 1000))}` : code;
}

export function parseSignInError(raw: string): { code: string; waitSeconds: number } {
  const [code = "", seconds] = raw.split(":");
  const n = Number(seconds);
  return { code, waitSeconds: Number.isFinite(n) && n > 0 ? Math.min(n, 3600) : 0 };
}

export function waitSentence(seconds: number): string {
  return `Wait ${seconds} second${seconds === 1 ? "" : "s"} before the next attempt.`;
}

export const WRONG_CREDENTIALS = "E-mail, password or code is wrong.";

export function describeSignInError(raw: string): string {
  const { code } = parseSignInError(raw);
  if (code === SIGN_IN_ERRORS.throttled) return "Too many failed sign-in attempts.";
  if (code === SIGN_IN_ERRORS.unreachable) return "The app did not answer. Check the connection and sign in again.";
  return WRONG_CREDENTIALS;
}
