/**
 * Caller's address and agent from request headers. Next's own server sets x-forwarded-for for direct
 * requests; behind a proxy the first entry is the client. (A proxy that does not overwrite the header lets a
 * client choose its address for the per-address limiter: the account limiter still holds.)
 */
type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderSource, name: string): string | null {
  if (h instanceof Headers) return h.get(name);
  const v = h[name] ?? h[name.toLowerCase()];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

export function clientInfo(h: HeaderSource): { ip: string | null; userAgent: string | null } {
  const xff = header(h, "x-forwarded-for");
  const ip = (xff?.split(",")[0]?.trim() || header(h, "x-real-ip") || null)?.slice(0, 64) ?? null;
  return { ip, userAgent: header(h, "user-agent")?.slice(0, 512) ?? null };
}
