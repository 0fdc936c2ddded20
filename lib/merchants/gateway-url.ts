/**
 * What a gateway base URL may look like, before any allow-list: pure, shared by the credential form and the
 * server (lib/merchants/schemas.ts). The allow-list itself is server-side (gateway-url-policy.ts). A base URL is
 * the one address the server connects to on an admin's word, so anything that points inside the network is
 * refused here, before a connection could ever be made.
 */

/** An IPv4 literal as four numbers (the URL parser already turned `2130706433` and `0x7f.1` into dotted form). */
function ipv4(host: string): [number, number, number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number) as [number, number, number, number];
  return parts.every((p) => p <= 255) ? parts : null;
}

export type HostKind = "loopback" | "internal" | "public";

/** Classify a URL hostname (as `new URL().hostname` gives it: lower case, IPv6 in brackets). */
export function hostKind(hostname: string): HostKind {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost")) return "loopback";
  const v4 = ipv4(h);
  if (v4) {
    const [a, b] = v4;
    if (a === 127) return "loopback";
    if (
      a === 0 || // "this network"
      a === 10 ||
      (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
      (a === 169 && b === 254) || // link-local, cloud metadata
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) || // IETF protocol assignments
      (a === 198 && (b === 18 || b === 19)) || // benchmarking
      a >= 224 // multicast, reserved, broadcast
    ) {
      return "internal";
    }
    return "public";
  }
  if (h.startsWith("[")) return h === "[::1]" ? "loopback" : "internal"; // no IPv6 literal is a Smilepayz host
  // Names that only resolve inside a network.
  if (/\.(local|internal|intranet|lan|home|corp|localdomain)$/.test(h) || !h.includes(".")) return "internal";
  return "public";
}

/**
 * What every URL field asks first: a full http(s) URL without a user name or password (and, with `noQuery`, no
 * query or fragment). The URL, or why not in the field's own words: `noun` is how a message names it.
 */
export function webUrl(value: string, say: { example: string; protocol: string; noun: string; noQuery?: boolean }): URL | string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return `Enter a full URL, such as ${say.example}`;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return say.protocol;
  if (u.username || u.password) return `${say.noun} cannot contain a user name or password`;
  if (say.noQuery && (u.search || u.hash)) return `${say.noun} cannot contain a query (?…) or fragment (#…)`;
  return u;
}

/**
 * Why a base URL cannot be a gateway, or null when its shape is fine. http is accepted only for a loopback
 * address, for the bundled sandbox gateway; which loopback port is allowed is decided by the server.
 */
export function gatewayUrlShapeProblem(value: string): string | null {
  const u = webUrl(value, { example: "https://gateway.smilepayz.com", protocol: "Only https:// URLs can be a gateway", noun: "A gateway URL", noQuery: true });
  if (typeof u === "string") return u;
  const kind = hostKind(u.hostname);
  if (kind === "internal") return "This address is inside a private network: a gateway must be a public https:// host";
  if (u.protocol === "http:" && kind !== "loopback") return "Use https:// (http:// is only for the bundled sandbox gateway)";
  if (u.protocol === "https:" && kind === "loopback") return "A loopback address is only for the bundled sandbox gateway, over http://";
  return null;
}
