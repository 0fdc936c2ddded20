import { hostKind, webUrl } from "@/lib/merchants/gateway-url";

/**
 * What a webhook URL may look like, before the allow-list: pure, shared by the form and the server
 * (schemas.ts). https only; a private, link-local or loopback address is refused unless its host is on
 * WEBHOOK_HOST_ALLOWLIST, which the server adds (url-policy.ts).
 */
export function webhookUrlShapeProblem(value: string): string | null {
  const u = webUrl(value, { example: "https://erp.example.com/smilepayz-events", protocol: "Webhooks are sent over https:// only", noun: "A webhook URL" });
  if (typeof u === "string") return u;
  if (u.protocol !== "https:") return "Webhooks are sent over https:// only";
  if (u.hash) return "A webhook URL cannot contain a fragment (#…)";
  return null;
}

/** Is a URL host (hostname as `new URL` gives it) outside every private network? */
export const isPublicHostname = (hostname: string) => hostKind(hostname) === "public";

/**
 * A resolved address (IPv4 dotted or IPv6 text, as dns.lookup gives it): is it on the public internet? Checked at
 * every connection, so a public name that resolves (or is re-pointed) to an inside address is never reached.
 */
export function isPublicAddress(address: string): boolean {
  const a = address.toLowerCase();
  if (!a.includes(":")) return hostKind(a) === "public";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped?.[1]) return hostKind(mapped[1]) === "public";
  if (a === "::" || a === "::1") return false;
  // Unique local fc00::/7, link-local fe80::/10, site-local fec0::/10, multicast ff00::/8, documentation 2001:db8::/32.
  return !/^(f[cd]|fe[89ab]|fe[c-f]|ff)/.test(a) && !a.startsWith("2001:db8:") && !a.startsWith("64:ff9b:");
}
