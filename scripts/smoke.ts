/**
 * `npm run smoke`: the main job, as a new user does it, against `npm start` on a fresh data folder with the README's
 * environment (scripts/launch-app.ts). CI runs it on every build; any step that fails fails CI.
 *   1. sign in as the demo finance user with the login `npm start` printed, enrolling two-factor as a person would;
 *   2. one pay-out per region through the API (success forced through the sandbox's control API, so that
 *      3. can check the balances), each waited for until a final status that a verified callback from the sandbox
 *      gateway brought about (never NOT_ACCEPTED);
 *   3. the pay-out balance of each region, before and after: it moves by exactly the amount paid;
 *   4. the admin's Test connection on the demo credential lists the accounts.
 * Prints each step's figures beside /api/health measured in the same run. `--keep` leaves the data folder.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { authenticator } from "otplib";
import { launchApp, type LaunchedApp } from "./launch-app";

const root = path.resolve(import.meta.dirname, "..");
const FINAL = new Set(["SUCCESS", "FAILED", "EXPIRED"]);
const say = (m: string) => console.log(`[smoke] ${m}`);

/** One pay-out per region, under the demo thresholds so no second person is needed. */
const PAYOUTS = [
  { region: "TH", method: "KBANK", account: "1234567890", amount: "1,500.00" },
  { region: "PH", method: "GCASH", account: "09171234567", receiverName: "Juan Dela Cruz", amount: "2,500.50" },
  { region: "BR", method: "CPF", account: "12345678909", taxNumber: "12345678909", amount: "100.25" },
  { region: "USDT", method: "USDT", network: "TRC20", account: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", amount: "12.5" },
] as const;

class Client {
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

function must(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(what);
}

/** The demo logins exactly as `npm start` printed them. */
function printedLogin(log: string, role: string): { email: string; password: string } {
  const m = new RegExp(`demo login ${role}\\s+(\\S+) / (\\S+)`).exec(log);
  must(m?.[1] && m[2], `npm start printed no demo login for ${role}`);
  return { email: m[1], password: m[2] };
}

/** Sign in with the password; a money role without two-factor then enrols through the account API, as the page does. */
async function signIn(app: LaunchedApp, role: string): Promise<Client> {
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

async function healthMs(base: string, n = 20): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    must((await fetch(`${base}/api/health`)).ok, "/api/health failed");
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)] ?? 0;
}

interface Detail {
  payout: { id: number; status: string; orderNo: string; amountDisplay: string; amountMinor: string };
  callbacks: { signatureValid: boolean; outcome: string }[];
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "smilepayz-smoke-"));
  chmodSync(dataDir, 0o755);
  say(`npm start with the README's environment (DATA_DIR ${dataDir})`);
  const app = await launchApp({ root, dataDir });
  let failed = false;
  try {
    say(`up in ${app.startMs} ms at ${app.baseUrl}; sandbox gateway ${app.gatewayUrl}`);
    say(`/api/health p50 ${(await healthMs(app.baseUrl)).toFixed(1)} ms (Next's own floor, for the figures below)`);

    let t = performance.now();
    const finance = await signIn(app, "finance");
    say(`finance signed in and enrolled two-factor in ${(performance.now() - t).toFixed(0)} ms`);

    const options = await finance.json<{ id: number; name: string }[]>("/api/merchants/options");
    must(options.status === 200, `merchant options: HTTP ${options.status}`);
    const credentialId = options.body[0]?.id;
    must(credentialId, "finance sees no merchant credential");

    const balance = async (region: string) => {
      const b = await finance.json<{ balanceDisplay: string | null; balanceMinor: string | null }>(`/api/payouts/balance?credentialId=${credentialId}&region=${region}`);
      must(b.status === 200 && b.body.balanceDisplay && b.body.balanceMinor, `balance ${region}: HTTP ${b.status} ${JSON.stringify(b.body)}`);
      return { display: b.body.balanceDisplay, minor: BigInt(b.body.balanceMinor) };
    };
    const before = new Map<string, { display: string; minor: bigint }>();
    for (const p of PAYOUTS) before.set(p.region, await balance(p.region));
    say(`balances read: ${[...before].map(([r, b]) => `${r} ${b.display}`).join(", ")}`);

    // Success is forced per orderNo through the sandbox's control API (its token is in the start log), so every run
    // checks that each balance moves by exactly the amount paid; the status still arrives by the gateway's callback.
    const token = /control API token \([^)]*\): (\S+)/.exec(readFileSync(app.logFile, "utf8"))?.[1];
    must(token, "npm start printed no control API token");
    const orderNos = new Map(PAYOUTS.map((p) => [p.region, `SMK${p.region}${Date.now().toString(36)}`.toUpperCase()]));
    for (const orderNo of orderNos.values()) {
      const res = await fetch(`${app.gatewayUrl}/sandbox/scenarios`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ orderNo, outcome: "SUCCESS" }),
      });
      must(res.status === 201, `sandbox scenario for ${orderNo}: HTTP ${res.status}`);
    }

    t = performance.now();
    const created: { region: string; id: number; t0: number; paidMinor?: bigint }[] = [];
    for (const p of PAYOUTS) {
      const { amount, ...rest } = p;
      const res = await finance.json<{ payout?: { id: number; status: string }; error?: unknown }>(
        "/api/payouts",
        "POST",
        { credentialId, ...rest, amount, orderNo: orderNos.get(p.region), purpose: `Smoke test ${p.region}` },
        { "idempotency-key": `smoke-${p.region}-${Date.now()}` },
      );
      must(res.status === 201 && res.body.payout, `create ${p.region}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      created.push({ region: p.region, id: res.body.payout.id, t0: performance.now() });
    }
    say(`4 pay-outs created through the API in ${(performance.now() - t).toFixed(0)} ms`);

    const deadline = Date.now() + 120_000;
    for (const c of created) {
      for (;;) {
        const d = await finance.json<Detail>(`/api/payouts/${c.id}`);
        must(d.status === 200, `read ${c.region} pay-out: HTTP ${d.status}`);
        const s = d.body.payout.status;
        must(s !== "NOT_ACCEPTED" && s !== "CANCELLED", `${c.region} pay-out ended ${s}`);
        if (FINAL.has(s)) {
          const verified = d.body.callbacks.filter((cb) => cb.signatureValid);
          must(verified.length > 0, `${c.region} pay-out is ${s} but no verified callback arrived`);
          if (s === "SUCCESS") c.paidMinor = BigInt(d.body.payout.amountMinor);
          say(`${c.region} ${d.body.payout.amountDisplay} → ${s} (${verified.length} verified callback(s)) ${((performance.now() - c.t0) / 1000).toFixed(1)} s after creation`);
          break;
        }
        must(Date.now() < deadline, `${c.region} pay-out still ${s} after 120 s`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    // The balance moves by exactly what was paid (nothing when the pay-out failed).
    for (const c of created) {
      const was = before.get(c.region);
      const now = await balance(c.region);
      must(was, `no opening balance for ${c.region}`);
      say(`balance ${c.region}: ${was.display} → ${now.display}`);
      must(was.minor - now.minor === (c.paidMinor ?? 0n), `${c.region} balance moved by ${was.minor - now.minor} minor units, paid ${c.paidMinor ?? 0n}`);
    }

    const admin = await signIn(app, "admin");
    t = performance.now();
    const test = await admin.json<{ ok: boolean; lines: { currency: string; kind: string; ok: boolean }[] }>(
      `/api/merchants/${credentialId}/test-connection`,
      "POST",
      {},
    );
    must(test.status === 200 && test.body.ok && test.body.lines.length > 0, `Test connection: HTTP ${test.status} ${JSON.stringify(test.body)}`);
    say(`Test connection passed in ${(performance.now() - t).toFixed(0)} ms: ${test.body.lines.map((l) => `${l.currency} ${l.kind}`).join(", ")}`);
    say(`/api/health p50 ${(await healthMs(app.baseUrl)).toFixed(1)} ms after the run`);
  } catch (err) {
    failed = true;
    console.error(`[smoke] FAILED: ${err instanceof Error ? err.message : String(err)}`);
    console.error(readFileSync(app.logFile, "utf8").split("\n").slice(-40).join("\n"));
  } finally {
    await app.stop();
    if (!process.argv.includes("--keep")) rmSync(dataDir, { recursive: true, force: true });
  }
  say(failed ? "the main job FAILED" : "the main job works from npm start");
  process.exit(failed ? 1 : 0);
}

void main();
