import { eq, sql } from "drizzle-orm";
import { authenticator } from "otplib";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { totpAad } from "@/lib/auth/totp";
import { encryptSecret } from "@/lib/crypto/secret-box";

/** A cookie jar for plain HTTP calls to one app, as a browser keeps it. */
export class Session {
  cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}
  async fetch(p: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(`${this.baseUrl}${p}`, { ...init, redirect: "manual", headers: { ...(init.headers ?? {}), cookie }, signal: AbortSignal.timeout(30_000) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair?.indexOf("=") ?? -1;
      if (pair && i > 0) this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
}

/**
 * Signs in over HTTP as next-auth's credentials form does. A role that must use two-factor gets a secret the test
 * knows, written to the app's database as an enrolment would (the test process holds the app's encryption key).
 */
export async function signIn(baseUrl: string, email: string, password: string, twoFactor: boolean): Promise<Session> {
  let totp = "";
  if (twoFactor) {
    const [u] = await getDb().select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email));
    if (!u) throw new Error(`no user ${email}`);
    const secret = authenticator.generateSecret(20);
    await getDb().update(users).set({ totpSecretEnc: encryptSecret(secret, totpAad(u.id)), totpEnabled: true, totpLastStep: null }).where(eq(users.id, u.id));
    totp = authenticator.generate(secret);
  }
  const s = new Session(baseUrl);
  const csrf = (await (await s.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await s.fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, totp, json: "true" }).toString(),
  });
  const error = new URL(((await res.json()) as { url: string }).url).searchParams.get("error");
  if (error) throw new Error(`sign-in of ${email} failed: ${error}`);
  return s;
}
