import { SIGN_IN_ERRORS } from "./sign-in-errors";

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
export type SignInAnswer = { ok: true } | { ok: false; error: string };

/**
 * The credentials sign-in, posted to next-auth's own endpoint as its client's signIn() posts it (the CSRF token,
 * `json: "true"` for an answer instead of a redirect), without signIn()'s first step: it fetches the provider list
 * and, when that one request fails, sends the page to next-auth's error route, which lands on
 * `/sign-in?error=undefined` (seen once under a flood of wrong passwords). Here the CSRF read is asked twice (it
 * changes nothing), and no answer is an answer the form can show. For the browser (same origin, the CSRF cookie).
 */
export async function postSignIn(fields: Record<string, string>, callbackUrl: string, fetchImpl: Fetch = fetch): Promise<SignInAnswer> {
  const unreachable = { ok: false as const, error: SIGN_IN_ERRORS.unreachable };
  const token = (await csrfToken(fetchImpl)) ?? (await csrfToken(fetchImpl));
  if (!token) return unreachable;
  let res: Response;
  try {
    res = await fetchImpl("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...fields, csrfToken: token, callbackUrl, json: "true" }).toString(),
    });
  } catch {
    return unreachable;
  }
  const url = ((await res.json().catch(() => null)) as { url?: unknown } | null)?.url;
  const error = typeof url === "string" ? new URL(url, "http://app.invalid").searchParams.get("error") : null;
  if (res.ok && typeof url === "string" && !error) return { ok: true };
  return { ok: false, error: error ?? (res.status === 401 ? SIGN_IN_ERRORS.invalid : SIGN_IN_ERRORS.unreachable) };
}

async function csrfToken(fetchImpl: Fetch): Promise<string | null> {
  try {
    const res = await fetchImpl("/api/auth/csrf");
    const token = res.ok ? ((await res.json()) as { csrfToken?: unknown }).csrfToken : null;
    return typeof token === "string" && token ? token : null;
  } catch {
    return null;
  }
}
