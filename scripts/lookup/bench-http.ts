/** A cookie-keeping HTTP session signed in like a browser (next-auth credentials), for the benches. */
export class Session {
  cookies = new Map<string, string>();
  constructor(private base: string) {}
  async fetch(p: string, init: RequestInit = {}) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(`${this.base}${p}`, { ...init, redirect: "manual", headers: { ...(init.headers ?? {}), cookie } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair?.indexOf("=") ?? -1;
      if (pair && i > 0) this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
}

export async function signIn(base: string, email: string, password: string): Promise<Session> {
  const s = new Session(base);
  const csrf = (await (await s.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await s.fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, totp: "", json: "true" }).toString(),
  });
  const body = (await res.json()) as { url: string };
  const error = new URL(body.url).searchParams.get("error");
  if (error) throw new Error(`sign-in of ${email} refused: ${error}`);
  return s;
}

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
}

/** `n` GETs, `concurrency` at a time, each path from `paths` in turn (so ids vary): req/s and latency percentiles. */
export async function hammer(s: Session, paths: readonly string[], n: number, concurrency: number): Promise<Figures> {
  const lat: number[] = [];
  let bad = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const p = paths[next++ % paths.length] ?? "/";
        const a = performance.now();
        const res = await s.fetch(p);
        await res.arrayBuffer();
        lat.push(performance.now() - a);
        if (res.status !== 200) bad++;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  lat.sort((x, y) => x - y);
  const pct = (q: number) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))] ?? 0;
  return { rps: n / secs, p50: pct(0.5), p99: pct(0.99), bad };
}
