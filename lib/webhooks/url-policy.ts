import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isPublicHostname, webhookUrlShapeProblem } from "./webhook-url";

/** WEBHOOK_HOST_ALLOWLIST as `host` or `host:port` entries, lower case (an entry may be written as a URL). */
export function webhookAllowList(): string[] {
  return (env().WEBHOOK_HOST_ALLOWLIST ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)
    .map((e) => (e.includes("://") ? new URL(e).host : e.replace(/:443$/, "")));
}

/** Is this URL's host (with its port, or without one) on the allow-list? Such a host may be any address. */
export function isAllowListed(url: URL): boolean {
  const list = webhookAllowList();
  return list.includes(url.host) || list.includes(url.hostname);
}

/** Why events must not be sent to this URL, or null when they may: https to a public host, or an allow-listed one. */
export function webhookUrlProblem(value: string): string | null {
  const shape = webhookUrlShapeProblem(value);
  if (shape) return shape;
  const u = new URL(value);
  if (isAllowListed(u) || isPublicHostname(u.hostname)) return null;
  return "This address is private, loopback or link-local: webhooks go to a public https:// host, or to one on WEBHOOK_HOST_ALLOWLIST";
}

export function assertWebhookUrlAllowed(url: string): void {
  const problem = webhookUrlProblem(url);
  if (problem) throw new AppError("invalid_input", "Some fields need attention.", { url: problem });
}
