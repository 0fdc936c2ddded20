import { readFileSync } from "node:fs";
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

/** CPU ms (utime + stime) of these processes and their descendants, from /proc; a vanished one counts 0. */
export function cpuMs(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(f[11]) + Number(f[12])) * 10; // USER_HZ 100
      const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
      total += cpuMs(kids);
    } catch {
      // gone
    }
  }
  return total;
}

export interface Paired extends Figures {
  /** CPU ms per request of the processes named (the app server, its database backends). */
  cpu: Record<string, number>;
}

/**
 * `n` requests of `paths` and `n` of `floorPaths` at the same concurrency, in alternating blocks (rounds of each),
 * so both see the same machine: on a shared machine, load moves in seconds, and a floor measured a minute apart
 * says little. Each side's req/s is its requests over its own blocks' time; CPU of `watch` is split the same way.
 */
export async function hammerPaired(
  s: Session,
  paths: readonly string[],
  floorPaths: readonly string[],
  n: number,
  concurrency: number,
  watch: Record<string, () => number[]> = {},
  rounds = 10,
): Promise<{ it: Paired; floor: Paired }> {
  const acc = () => ({ lat: [] as number[], secs: 0, bad: 0, cpu: Object.fromEntries(Object.keys(watch).map((k) => [k, 0])) as Record<string, number>, n: 0 });
  const sides = { it: acc(), floor: acc() };
  const per = Math.max(concurrency, Math.ceil(n / rounds));
  let offset = 0;
  for (let r = 0; r < rounds; r++) {
    for (const [side, ps] of [["floor", floorPaths], ["it", paths]] as const) {
      const a = sides[side];
      const before = Object.fromEntries(Object.entries(watch).map(([k, pids]) => [k, cpuMs(pids())]));
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < per) {
            const p = ps[(offset + next++) % ps.length] ?? "/";
            const t = performance.now();
            const res = await s.fetch(p);
            await res.arrayBuffer();
            a.lat.push(performance.now() - t);
            if (res.status !== 200) a.bad++;
          }
        }),
      );
      a.secs += (performance.now() - t0) / 1000;
      a.n += per;
      for (const [k, pids] of Object.entries(watch)) a.cpu[k] = (a.cpu[k] ?? 0) + cpuMs(pids()) - (before[k] ?? 0);
    }
    offset += per;
  }
  const done = (a: ReturnType<typeof acc>): Paired => {
    a.lat.sort((x, y) => x - y);
    const pct = (q: number) => a.lat[Math.min(a.lat.length - 1, Math.floor(q * a.lat.length))] ?? 0;
    return { rps: a.n / a.secs, p50: pct(0.5), p99: pct(0.99), bad: a.bad, cpu: Object.fromEntries(Object.entries(a.cpu).map(([k, v]) => [k, v / a.n])) };
  };
  return { it: done(sides.it), floor: done(sides.floor) };
}
