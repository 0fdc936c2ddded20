import { hostKind } from "./gateway-url";

/**
 * What a credential's callback base URL may look like, before the server's own rules: pure, shared by the
 * credential form and the server (lib/merchants/schemas.ts). The gateway posts signed callbacks there, so a URL
 * inside a private network is refused here; which hosts and which loopback origin are allowed is decided on the
 * server (callback-url-policy.ts).
 */
export function callbackUrlShapeProblem(value: string): string | null {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return "Enter a full URL, such as https://backoffice.example.com";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "Only https:// URLs can receive callbacks";
  if (u.username || u.password) return "A callback URL cannot contain a user name or password";
  if (u.search || u.hash) return "A callback URL cannot contain a query (?…) or fragment (#…)";
  if (hostKind(u.hostname) === "internal") return "This address is inside a private network: callbacks go to this app's public https:// address";
  return null;
}
