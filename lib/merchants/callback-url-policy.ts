import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { callbackUrlShapeProblem } from "./callback-url";
import { hostKind } from "./gateway-url";

/** The app's own public origin: APP_BASE_URL, else where it listens (as scripts/start.ts decides). */
export function appOrigin(): string {
  const e = env();
  return new URL(e.APP_BASE_URL ?? `http://${e.HOSTNAME}:${e.PORT}`).origin;
}

/** https hosts a callback base URL may name besides the app's own origin (`host` or `host:port`, lower case). */
export function callbackAllowList(): string[] {
  return (env().CALLBACK_HOST_ALLOWLIST ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)
    .map((e) => (e.includes("://") ? new URL(e).host : e.replace(/:443$/, "")));
}

/**
 * Why the gateway must not be told to post callbacks to this URL, or null when it may: the app's own origin, or
 * https to an allow-listed host. Never another loopback port, never a private or link-local address: a callback
 * sent there is a signed message handed to whoever listens.
 */
export function callbackUrlProblem(url: string): string | null {
  const shape = callbackUrlShapeProblem(url);
  if (shape) return shape;
  const u = new URL(url);
  if (u.origin === appOrigin()) return null;
  if (hostKind(u.hostname) === "loopback") return `A loopback address is allowed only as this app's own address (${appOrigin()})`;
  if (u.protocol !== "https:") return `Use https:// (http:// only for this app's own address, ${appOrigin()})`;
  const allowed = callbackAllowList();
  if (!allowed.includes(u.host)) {
    return `Callbacks may go only to this app (${appOrigin()})${allowed.length ? ` or ${allowed.join(", ")}` : ""}; add other hosts to CALLBACK_HOST_ALLOWLIST`;
  }
  return null;
}

/** Refuse a credential's callback base URL on its own field. Empty means "the app's own address". */
export function assertCallbackUrlAllowed(url: string | null | undefined): void {
  if (!url) return;
  const problem = callbackUrlProblem(url);
  if (problem) throw new AppError("invalid_input", "Some fields need attention.", { callbackBaseUrl: problem });
}
