import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { DEFAULT_GATEWAY_HOSTS, baseUrlFor, type Environment } from "@/lib/smilepayz/hosts";
import { gatewayUrlShapeProblem } from "./gateway-url";

/** The allow-list as `host` or `host:port` entries, lower case (an entry may also be written as a URL). */
export function gatewayAllowList(): string[] {
  const raw = env().GATEWAY_HOST_ALLOWLIST;
  if (!raw) return [...DEFAULT_GATEWAY_HOSTS];
  return raw
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)
    .map((e) => (e.includes("://") ? new URL(e).host : e.replace(/:443$/, "")));
}

/**
 * The bundled sandbox gateway's own origin while it runs (demo mode), else null. `npm start` decides this once,
 * after the gateway is listening, and hands it to its processes as SANDBOX_GATEWAY_URL (see scripts/start.ts).
 */
export function sandboxGatewayOrigin(): string | null {
  const url = env().SANDBOX_GATEWAY_URL;
  return url ? new URL(url).origin : null;
}

/** Is this URL the bundled sandbox gateway (same origin)? */
export function isSandboxGatewayUrl(url: string): boolean {
  const sandbox = sandboxGatewayOrigin();
  try {
    return sandbox !== null && new URL(url).origin === sandbox;
  } catch {
    return false;
  }
}

/** Why the server will not connect to this base URL, or null when it may. Decided before any connection. */
export function gatewayUrlProblem(url: string): string | null {
  const shape = gatewayUrlShapeProblem(url);
  if (shape) return shape;
  if (isSandboxGatewayUrl(url)) return null;
  const u = new URL(url);
  if (u.protocol !== "https:") return "Only the bundled sandbox gateway may be reached over http://, at its own address";
  const allowed = gatewayAllowList();
  if (!allowed.includes(u.host)) return `This host is not on the gateway allow-list (${allowed.join(", ")})`;
  return null;
}

/** Refuse a credential's target on the field the admin can fix: the custom URL, or the environment. */
export function assertGatewayUrlAllowed(environment: Environment, customBaseUrl: string | null | undefined): string {
  const url = baseUrlFor(environment, customBaseUrl);
  const field = environment === "custom" ? "customBaseUrl" : "environment";
  const problem = url ? gatewayUrlProblem(url) : "Enter the base URL of the custom gateway";
  if (problem || !url) throw new AppError("invalid_input", "Some fields need attention.", { [field]: problem ?? "No base URL" });
  return url;
}
