import { env } from "@/lib/env";

/**
 * Caller's address and agent. The address is the socket's (scripts/serve.mjs writes it into `x-smilepayz-peer`,
 * replacing any incoming value); X-Forwarded-For is read only when that peer is a configured trusted proxy,
 * right to left, skipping further trusted proxies. A client can therefore never choose its own address.
 */
type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export const PEER_HEADER = "x-smilepayz-peer";

function header(h: HeaderSource, name: string): string | null {
  if (h instanceof Headers) return h.get(name);
  const v = h[name] ?? h[name.toLowerCase()];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/** "::ffff:127.0.0.1" -> "127.0.0.1"; anything that is not an address -> null. */
export function normalizeIp(raw: string | null | undefined): string | null {
  const v = (raw ?? "").trim().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(v);
  const ip = mapped?.[1] ?? v;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(ip) && ip.split(".").every((o) => Number(o) <= 255)) return ip;
  if (/^[0-9a-f:]{2,39}$/i.test(ip) && ip.includes(":")) return ip.toLowerCase();
  return null;
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}

/** An address against a list of addresses and IPv4 CIDRs ("10.0.0.0/8, 127.0.0.1, ::1"). */
export function inList(ip: string, list: readonly string[]): boolean {
  return list.some((entry) => {
    const [base, bits] = entry.split("/");
    if (bits === undefined) return normalizeIp(base) === ip;
    const b = normalizeIp(base);
    const n = Number(bits);
    if (!b || b.includes(":") || ip.includes(":") || !(n >= 0 && n <= 32)) return false;
    const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
    return ((ipv4ToInt(ip) & mask) >>> 0) === ((ipv4ToInt(b) & mask) >>> 0);
  });
}

export function trustedProxies(): string[] {
  return (env().TRUSTED_PROXIES ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

export function clientAddress(h: HeaderSource, trusted: readonly string[] = trustedProxies()): string | null {
  const peer = normalizeIp(header(h, PEER_HEADER));
  if (!peer || !inList(peer, trusted)) return peer;
  const hops = (header(h, "x-forwarded-for") ?? "").split(",").map((s) => normalizeIp(s)).filter((s): s is string => !!s);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop && !inList(hop, trusted)) return hop;
  }
  return peer;
}

export function clientInfo(h: HeaderSource): { ip: string | null; userAgent: string | null } {
  return { ip: clientAddress(h), userAgent: header(h, "user-agent")?.slice(0, 512) ?? null };
}

/**
 * The unit a limit or a count applies to: IPv6 by its /64 (one host, one customer line, owns a whole /64), IPv4
 * as it is; "" without an address.
 */
export function addressGroup(ip: string | null | undefined): string {
  if (!ip) return "";
  if (!ip.includes(":")) return ip;
  const groups = expandIpv6(ip);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : ip;
}

function expandIpv6(ip: string): string[] | null {
  const parts = ip.split("::");
  if (parts.length > 2) return null;
  const [head = "", tail] = parts;
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = parts.length === 2 ? Array<string>(Math.max(0, 8 - h.length - t.length)).fill("0") : [];
  const all = [...h, ...fill, ...t].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""));
  return all.length === 8 && all.every((g) => /^[0-9a-f]{1,4}$/.test(g)) ? all : null;
}
