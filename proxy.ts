import { NextResponse, type NextRequest } from "next/server";
import { asPayerLang, PAYER_LANG_COOKIE, PAYER_LANG_HEADER } from "@/lib/payins/payer-language";

/**
 * Pages get a Content-Security-Policy with a fresh nonce per request: Next puts the nonce on its own scripts
 * when it finds the policy on the request. Every other header (nosniff, frame-ancestors, HSTS…) is set for
 * every response by the server (scripts/serve-policy.mjs).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  // eslint-disable-next-line no-restricted-properties -- Next's own build-time constant, not configuration
  const dev = process.env.NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (React style={}) and Next's injected styles; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // Same-origin Web Workers (Next's worker bootstrap): 'strict-dynamic' above would ignore 'self' for them.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  // The payer page's language switch (`/pay/…?lang=th`): this request renders in it, the cookie keeps it.
  headers.delete(PAYER_LANG_HEADER);
  const lang = request.nextUrl.pathname.startsWith("/pay/") ? asPayerLang(request.nextUrl.searchParams.get("lang")) : null;
  if (lang) headers.set(PAYER_LANG_HEADER, lang);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  if (lang) response.cookies.set(PAYER_LANG_COOKIE, lang, { path: "/pay", maxAge: 365 * 86_400, sameSite: "lax", httpOnly: true, secure: request.nextUrl.protocol === "https:" });
  return response;
}

export const config = {
  // Pages only: API routes, static files and icons keep the server's strict default policy.
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon|icon|apple-icon).*)" }],
};
