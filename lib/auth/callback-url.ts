import "server-only";

/**
 * next-auth's `callbackUrl` (form body, JSON body or query of any /api/auth route) is handed to its redirect
 * callback, whose default `new URL(url)` throws on a malformed value: the route answered 500 and Next logged the
 * error with its stack and the input; the same value in next-auth's callback-url cookie made every next-auth route
 * answer 500. Such a request is refused with a 400 first (checkAuthRequest; the cookie is expired with it), and
 * the redirect callback never throws (safeRedirect).
 */
const MAX_LENGTH = 2_048;

/** A path on this site ("/…", not "//…"), or an absolute http(s) URL; printable, at most 2,048 characters. */
export function isWellFormedCallbackUrl(value: string): boolean {
  if (value.length > MAX_LENGTH || /[\u0000-\u001f\u007f\s\\]/.test(value)) return false;
  if (value.startsWith("/")) return !value.startsWith("//");
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/** next-auth's redirect callback: same-origin targets only (else the base URL), and never an exception. */
export function safeRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  if (!isWellFormedCallbackUrl(url)) return baseUrl;
  if (url.startsWith("/")) return `${baseUrl}${url}`;
  return new URL(url).origin === baseUrl ? url : baseUrl;
}

export interface AuthRefusal {
  field: string;
  message: string;
  /** A malformed callback-url cookie: expire it with the answer, so the browser's next request goes through. */
  clearCookie?: string;
}

/** next-auth's own cookie (`__Secure-` over https) holding the last callbackUrl it accepted. */
const COOKIE = /^(__Secure-)?next-auth\.callback-url$/;

function badCookie(header: string | null): string | null {
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    const name = part.slice(0, i).trim();
    if (i < 0 || !COOKIE.test(name)) continue;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      return name;
    }
    if (value !== "" && !isWellFormedCallbackUrl(value)) return name;
  }
  return null;
}

/** Why a request to next-auth's routes is refused before next-auth reads it, or null when it may go on. */
export async function checkAuthRequest(req: Request): Promise<AuthRefusal | null> {
  // next-auth answers a malformed callback-url cookie with a 500 ("server configuration") on every route.
  const cookie = badCookie(req.headers.get("cookie"));
  if (cookie) return { ...malformed, clearCookie: cookie };
  const query = new URL(req.url).searchParams.get("callbackUrl");
  if (query !== null && query !== "" && !isWellFormedCallbackUrl(query)) return malformed;
  if (req.method !== "POST") return null;
  const type = req.headers.get("content-type") ?? "";
  let value: unknown;
  if (type.includes("application/json")) {
    try {
      value = (JSON.parse(await req.clone().text()) as { callbackUrl?: unknown } | null)?.callbackUrl;
    } catch {
      return { field: "body", message: "The body is not valid JSON." };
    }
  } else if (type.includes("application/x-www-form-urlencoded")) {
    value = new URLSearchParams(await req.clone().text()).get("callbackUrl");
  }
  if (value === undefined || value === null || value === "") return null;
  return typeof value === "string" && isWellFormedCallbackUrl(value) ? null : malformed;
}

const malformed = { field: "callbackUrl", message: "callbackUrl must be a path on this site or an http(s) address." };
