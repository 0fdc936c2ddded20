/**
 * The steps of the main job (scripts/smoke.ts), shared with the fresh-clone test (tests/install): a signed-in API
 * client, the demo logins as `npm start` printed them, a pay-out forced to an outcome at the sandbox and waited for.
 */
import { readFileSync } from "node:fs";
import { authenticator } from "otplib";
import type { LaunchedApp } from "./launch-app";

export const FINAL = new Set(["SUCCESS", "FAILED", "EXPIRED"]);

/** One pay-out per region, under the demo thresholds so no second person is needed. */
export const PAYOUTS = [
  { region: "TH", method: "KBANK", account: "1234567890", amount: "1,500.00" },
  { region: "PH", method: "GCASH", account: "09171234567", receiverName: "Juan Dela Cruz", amount: "2,500.50" },
  { region: "BR", method: "CPF", account: "12345678909", taxNumber: "12345678909", amount: "100.25" },
  { region: "USDT", method: "USDT", network: "TRC20", account: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", amount: "12.5" },
] as const;

export class Client {
  private cookies = new Map<string, string>();
  constructor(private base: string) {}
  async fetch(p: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(`${this.base}${p}`, { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0] ?? "";
      const i = pair.indexOf("=");
      if (i > 0) this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
  async json<T>(p: string, method = "GET", body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const res = await this.fetch(p, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
}

export function must(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(what);
}

/** The demo logins exactly as `npm start` printed them. */
function printedLogin(log: string, role: string): { email: string; password: string } {
  const m = new RegExp(`demo login ${role}\\s+(\\S+) / (\\S+)`).exec(log);
  must(m?.[1] && m[2], `npm start printed no demo login for ${role}`);
  return { email: m[1], password: m[2] };
}

/** Sign in with the password; a money role without two-factor then enrols through the account API, as the page does. */
export async function signIn(app: LaunchedApp, role: string): Promise<Client> {
  const { email, password } = printedLogin(readFileSync(app.logFile, "utf8"), role);
  const c = new Client(app.baseUrl);
  const csrf = (await (await c.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await c.fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, totp: "", json: "true" }).toString(),
  });
  const error = new URL(((await res.json()) as { url: string }).url).searchParams.get("error");
  must(!error, `sign-in of ${role} refused: ${error}`);
  const start = await c.json<{ secret: string }>("/api/account/two-factor/start", "POST", {});
  must(start.status === 200 && start.body.secret, `two-factor set-up of ${role}: HTTP ${start.status}`);
  const confirm = await c.json("/api/account/two-factor/confirm", "POST", { code: authenticator.generate(start.body.secret) });
  must(confirm.status === 200, `two-factor confirmation of ${role}: HTTP ${confirm.status} ${JSON.stringify(confirm.body)}`);
  return c;
}

export async function healthMs(base: string, n = 20): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    must((await fetch(`${base}/api/health`)).ok, "/api/health failed");
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)] ?? 0;
}

export interface Detail {
  payout: { id: number; status: string; orderNo: string; amountDisplay: string; amountMinor: string };
  /** The order's one timeline: a callback is its own item, or folded under the status event it made. */
  items: ({ kind: "callback"; signatureValid: boolean } | { kind: "event"; callback: { signatureValid: boolean } | null } | { kind: string })[];
}

/** How many callbacks whose signature verified are on the order's timeline. */
export const verifiedCallbacks = (d: Detail) =>
  d.items.filter((i) => ("signatureValid" in i && i.signatureValid) || ("callback" in i && i.callback?.signatureValid === true)).length;

/** The sandbox's control API (its token is in the start log) decides the fate of the pay-out with this orderNo. */
export async function forceOutcome(app: LaunchedApp, orderNo: string, outcome: "SUCCESS" | "FAILED"): Promise<void> {
  const token = /control API token \([^)]*\): (\S+)/.exec(readFileSync(app.logFile, "utf8"))?.[1];
  must(token, "npm start printed no control API token");
  const res = await fetch(`${app.gatewayUrl}/sandbox/scenarios`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ orderNo, outcome }),
  });
  must(res.status === 201, `sandbox scenario for ${orderNo}: HTTP ${res.status}`);
}

/** Create one pay-out of PAYOUTS through the API; its id. */
export async function createPayout(c: Client, credentialId: number, p: (typeof PAYOUTS)[number], orderNo: string): Promise<number> {
  const res = await c.json<{ payout?: { id: number; status: string }; error?: unknown }>(
    "/api/payouts",
    "POST",
    { credentialId, ...p, orderNo, purpose: `Smoke test ${p.region}` },
    { "idempotency-key": `smoke-${p.region}-${Date.now()}` },
  );
  must(res.status === 201 && res.body.payout, `create ${p.region}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.payout.id;
}

/** Wait until the pay-out is final through a verified callback (never NOT_ACCEPTED or CANCELLED). */
export async function waitFinal(c: Client, id: number, what: string, deadline: number): Promise<Detail> {
  for (;;) {
    const d = await c.json<Detail>(`/api/payouts/${id}`);
    must(d.status === 200, `read ${what} pay-out: HTTP ${d.status}`);
    const s = d.body.payout.status;
    must(s !== "NOT_ACCEPTED" && s !== "CANCELLED", `${what} pay-out ended ${s}`);
    if (FINAL.has(s)) {
      must(verifiedCallbacks(d.body) > 0, `${what} pay-out is ${s} but no verified callback arrived`);
      return d.body;
    }
    must(Date.now() < deadline, `${what} pay-out still ${s} at the deadline`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The first credential finance may use. */
export async function firstCredential(c: Client): Promise<number> {
  const options = await c.json<{ id: number; name: string }[]>("/api/merchants/options");
  must(options.status === 200, `merchant options: HTTP ${options.status}`);
  const credentialId = options.body[0]?.id;
  must(credentialId, "finance sees no merchant credential");
  return credentialId;
}
