import { hostKind, webUrl } from "./gateway-url";

/**
 * What a credential's callback base URL may look like, before the server's own rules: pure, shared by the
 * credential form and the server (lib/merchants/schemas.ts). The gateway posts signed callbacks there, so a URL
 * inside a private network is refused here; which hosts and which loopback origin are allowed is decided on the
 * server (callback-url-policy.ts).
 */
export function callbackUrlShapeProblem(value: string): string | null {
  const u = webUrl(value, { example: "https://backoffice.example.com", protocol: "Only https:// URLs can receive callbacks", noun: "A callback URL", noQuery: true });
  if (typeof u === "string") return u;
  if (hostKind(u.hostname) === "internal") return "This address is inside a private network: callbacks go to this app's public https:// address";
  return null;
}
