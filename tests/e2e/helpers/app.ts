import { readFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { TOTP_REQUIRED_ROLES, type Role } from "@/lib/auth/permissions";
import { knownTotp, nextTotpCode, resetDemoUser } from "./users";

export { demoUser, freshUser, nextTotpCode, rememberTotp, totpSecretOf } from "./users";

export const baseUrl = () => inject("baseUrl");
export const gatewayUrl = () => inject("gatewayUrl");
export const gatewayToken = () => inject("gatewayToken");
export const dataDir = () => inject("dataDir");

/** Tell the bundled sandbox gateway what becomes of the next orders (POST /sandbox/scenarios with its control token). */
export const sandboxScenario = (body: unknown) =>
  fetch(`${gatewayUrl()}/sandbox/scenarios`, { method: "POST", headers: { authorization: `Bearer ${gatewayToken()}`, "content-type": "application/json" }, body: JSON.stringify(body) });

export interface DemoSecretsFile {
  encryptionKey: string;
  nextauthSecret: string;
  merchantId: string;
  merchantSecret: string;
  merchantPrivateKey: string;
  platformPrivateKey: string;
}
export const demoSecrets = () => JSON.parse(readFileSync(path.join(dataDir(), "demo-secrets.json"), "utf8")) as DemoSecretsFile;

/** A cookie jar for plain HTTP calls, as a browser would keep it. */
export class Session {
  cookies = new Map<string, string>();
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair?.indexOf("=") ?? -1;
      if (pair && i > 0) this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  async fetch(p: string, init: RequestInit = {}) {
    const res = await fetch(`${baseUrl()}${p}`, { ...init, redirect: "manual", headers: { ...(init.headers ?? {}), cookie: this.header() } });
    this.keep(res);
    return res;
  }
  json(p: string, method: string, body?: unknown) {
    return this.fetch(p, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  }
}

/** Sign in over HTTP the way next-auth v4's credentials form does. Returns the session or the error code. */
export async function apiSignIn(
  email: string,
  password: string,
  totp?: string,
  headers: Record<string, string> = {},
): Promise<{ session: Session; error: string | null }> {
  const s = new Session();
  const csrf = (await (await s.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await s.fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, totp: totp ?? "", json: "true" }).toString(),
  });
  const body = (await res.json()) as { url: string };
  const error = new URL(body.url).searchParams.get("error");
  return { session: s, error };
}

/**
 * A signed-in session for a demo role, whatever earlier test files did: the user is put back as seeded, and roles
 * that need two-factor get a secret the tests know (written to the database) and a code not used before.
 */
export async function roleSession(role: Role): Promise<Session> {
  const u = await resetDemoUser(role);
  const secret = await knownTotp(u.email, TOTP_REQUIRED_ROLES.includes(role));
  return signedIn(u.email, u.password, secret);
}

/** Sign in over HTTP with a fresh code when the user has a known secret; throws on any refusal. */
export async function signedIn(email: string, password: string, secret: string | null): Promise<Session> {
  const r = await apiSignIn(email, password, secret ? await nextTotpCode(email, secret) : undefined);
  if (r.error) throw new Error(`sign-in of ${email} failed: ${r.error}`);
  return r.session;
}
