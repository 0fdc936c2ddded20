import { readdirSync, readFileSync } from "node:fs";
import { authenticator } from "otplib";

/** Latencies and statuses per route, for `npm run bench:soak`. */
export class Stats {
  private lat = new Map<string, number[]>();
  private codes = new Map<string, Map<number, number>>();
  private errs: string[] = [];
  add(route: string, ms: number, status: number) {
    (this.lat.get(route) ?? this.lat.set(route, []).get(route))?.push(ms);
    const c = this.codes.get(route) ?? this.codes.set(route, new Map()).get(route);
    c?.set(status, (c.get(status) ?? 0) + 1);
  }
  error(m: string) {
    this.errs.push(m);
  }
  total() {
    return [...this.lat.values()].reduce((n, xs) => n + xs.length, 0);
  }
  /** Answers of 5xx, and requests that got no answer. */
  errors() {
    return [...this.codes.values()].reduce((n, c) => n + [...c].filter(([s]) => s >= 500).reduce((m, [, k]) => m + k, 0), 0) + this.errs.length;
  }
  print(log: (m: string) => void, seconds: number) {
    log(`${this.total()} requests in ${seconds.toFixed(0)} s = ${(this.total() / seconds).toFixed(1)}/s; 5xx or no answer: ${this.errors()}`);
    log("| route | requests | p50 ms | p99 ms | statuses |");
    for (const [route, xs] of [...this.lat].sort()) {
      xs.sort((x, y) => x - y);
      const q = (p: number) => (xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN).toFixed(0);
      log(`| ${route} | ${xs.length} | ${q(0.5)} | ${q(0.99)} | ${JSON.stringify(Object.fromEntries(this.codes.get(route) ?? []))} |`);
    }
    for (const e of [...new Set(this.errs)].slice(0, 10)) log(`error: ${e}`);
  }
}

/** A signed-in user's cookies on one instance. */
export class Jar {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}
  private keep(r: Response) {
    for (const c of r.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const i = pair.indexOf("=");
      if (i > 0) this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  /** Sign in (with a code of `totpSecret` when the user has two-factor; null: none, or already enrolled elsewhere). */
  static async signIn(base: string, email: string, password: string, totpSecret: string | null): Promise<Jar> {
    const j = new Jar(base);
    const csrf = await fetch(`${base}/api/auth/csrf`);
    j.keep(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: j.cookie() },
      body: new URLSearchParams({ csrfToken, email, password, totp: totpSecret ? authenticator.generate(totpSecret) : "", json: "true" }).toString(),
    });
    j.keep(res);
    if (![...j.cookies.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in of ${email} on ${base} failed (${res.status})`);
    return j;
  }
  /** Shares another jar's session (the same signed-in user on the other instance: one session, two servers). */
  static sharing(base: string, other: Jar): Jar {
    const j = new Jar(base);
    for (const [k, v] of other.cookies) j.cookies.set(k, v);
    return j;
  }
  async call(route: string, p: string, init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> }, stats: Stats): Promise<Response> {
    const t = performance.now();
    const headers: Record<string, string> = { cookie: this.cookie(), ...(init.json !== undefined ? { "content-type": "application/json" } : {}), ...init.headers };
    try {
      const res = await fetch(`${this.base}${p}`, { method: init.method ?? "GET", headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body, redirect: "manual", signal: AbortSignal.timeout(30_000) });
      stats.add(route, performance.now() - t, res.status);
      return res;
    } catch (e) {
      stats.error(`${route}: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  }
  /** An event stream kept open (reconnecting as EventSource does); onEvent per `event: order`. */
  stream(p: string, onEvent: () => void, signal: AbortSignal) {
    void (async () => {
      while (!signal.aborted) {
        try {
          const res = await fetch(`${this.base}${p}`, { headers: { cookie: this.cookie(), accept: "text/event-stream" }, signal });
          if (!res.body) throw new Error("no body");
          const reader = res.body.getReader();
          const dec = new TextDecoder();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const m of dec.decode(value).matchAll(/event: order/g)) if (m) onEvent();
          }
        } catch {
          // cut: reconnect below
        }
        if (!signal.aborted) await new Promise((r) => setTimeout(r, 2_000));
      }
    })();
  }
}

/** The serve.mjs process listening on `port` (found by its environment), for its memory. */
export function serverPid(port: number): number | null {
  for (const d of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      if (!readFileSync(`/proc/${d}/cmdline`, "utf8").includes("serve.mjs")) continue;
      if (readFileSync(`/proc/${d}/environ`, "utf8").split("\0").includes(`PORT=${port}`)) return Number(d);
    } catch {
      // gone, or not ours
    }
  }
  return null;
}
export const rssMb = (pid: number | null) => (pid ? Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024 : NaN);
