import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { authenticator } from "otplib";
import { inject } from "vitest";
import { DEMO_USERS } from "@/lib/demo/seed-demo";
import type { Role } from "@/lib/auth/permissions";

export const baseUrl = () => inject("baseUrl");
export const gatewayUrl = () => inject("gatewayUrl");
export const gatewayToken = () => inject("gatewayToken");
export const dataDir = () => inject("dataDir");

export function demoUser(role: Role) {
  const u = DEMO_USERS.find((d) => d.role === role);
  if (!u) throw new Error(`no demo ${role}`);
  return u;
}

export interface DemoSecretsFile {
  encryptionKey: string;
  nextauthSecret: string;
  merchantId: string;
  merchantSecret: string;
  merchantPrivateKey: string;
  platformPrivateKey: string;
}
export const demoSecrets = () => JSON.parse(readFileSync(path.join(dataDir(), "demo-secrets.json"), "utf8")) as DemoSecretsFile;

/** TOTP secrets the tests enrolled, kept beside the app's data so every test file can sign in again. */
const totpFile = (email: string) => path.join(dataDir(), `totp-${email}.txt`);
export const totpSecretOf = (email: string) => (existsSync(totpFile(email)) ? readFileSync(totpFile(email), "utf8") : null);
export const rememberTotp = (email: string, secret: string) => writeFileSync(totpFile(email), secret);
export const totpCode = (secret: string) => authenticator.generate(secret);

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
export async function apiSignIn(email: string, password: string, totp?: string): Promise<{ session: Session; error: string | null }> {
  const s = new Session();
  const csrf = (await (await s.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await s.fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, totp: totp ?? "", json: "true" }).toString(),
  });
  const body = (await res.json()) as { url: string };
  const error = new URL(body.url).searchParams.get("error");
  return { session: s, error };
}

/** A signed-in session for a demo role; admins and approvers enrol two-factor the first time, as the app makes them. */
export async function roleSession(role: Role): Promise<Session> {
  const u = demoUser(role);
  let secret = totpSecretOf(u.email);
  const first = await apiSignIn(u.email, u.password, secret ? totpCode(secret) : undefined);
  if (first.error) throw new Error(`sign-in of ${role} failed: ${first.error}`);
  if ((role === "admin" || role === "approver") && !secret) {
    const start = (await (await first.session.json("/api/account/two-factor/start", "POST", {})).json()) as { secret: string };
    secret = start.secret;
    const ok = await first.session.json("/api/account/two-factor/confirm", "POST", { code: totpCode(secret) });
    if (!ok.ok) throw new Error(`enrolment failed: ${await ok.text()}`);
    rememberTotp(u.email, secret);
  }
  return first.session;
}
