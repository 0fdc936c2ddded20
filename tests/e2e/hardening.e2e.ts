import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq, like, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import type { Browser } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { authRateLimits, pendingChanges, users } from "@/db/schema";
import { baseUrl, roleSession, Session } from "./helpers/app";
import { launchBrowser } from "./helpers/browser";

/** Issue 12, items 1, 2, 5, 6, 7 and 12: each attack, tried against the running app, fails. */
const owner = postgres(inject("e2eDatabaseUrl"), { max: 2, onnotice: () => undefined });
const db = drizzle(owner);
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await owner.end({ timeout: 5 });
});

/** A page served from another port of the same host: SameSite cookies do not separate ports. */
async function attackerPage(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const srv = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(html);
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise((r) => srv.close(() => r())) };
}

describe("1. cross-site requests", () => {
  it("a page on another port cannot create a user with the admin's cookie, by fetch or by form", async () => {
    const admin = await roleSession("admin");
    const app = new URL(baseUrl());
    const context = await browser.newContext();
    await context.addCookies(
      [...admin.cookies].map(([name, value]) => ({ name, value, domain: app.hostname, path: "/", httpOnly: true, sameSite: "Lax" as const })),
    );
    const victim = `csrf-${Date.now()}@attacker.test`;
    const body = JSON.stringify({ email: victim, name: "Mallory", role: "admin", allMerchants: true });
    const page = await attackerPage(`<!doctype html><body>
      <form id="f" method="POST" action="${baseUrl()}/api/users" enctype="text/plain"><input name='${body.slice(0, -1)},"x":"' value='"}'></form>
      <script>
        window.results = [];
        const opts = (ct) => ({ method: "POST", credentials: "include", mode: "no-cors", headers: { "content-type": ct }, body: ${JSON.stringify(body)} });
        Promise.all([
          fetch("${baseUrl()}/api/users", opts("text/plain")).then((r) => "sent:" + r.type, (e) => "error:" + e),
          fetch("${baseUrl()}/api/users", { ...opts("application/json"), mode: "cors" }).then((r) => "read:" + r.status, (e) => "error:" + e),
        ]).then((r) => { window.results = r; document.getElementById("f").submit(); });
      </script></body>`);
    try {
      const tab = await context.newPage();
      const formAnswer = tab.waitForResponse((r) => r.url().endsWith("/api/users") && r.request().method() === "POST" && r.request().resourceType() === "document");
      await tab.goto(page.url);
      const answered = await formAnswer;
      expect(answered.status()).toBe(403);
      const created = await db.select().from(users).where(eq(users.email, victim));
      expect(created).toEqual([]);
    } finally {
      await context.close();
      await page.close();
    }
    // The same request from the app's own origin is taken: the refusal is about where it came from. (A new admin
    // is a four-eyes change: accepted as a request that waits for another admin, tests/e2e/four-eyes.e2e.ts.)
    const own = await admin.fetch("/api/users", { method: "POST", headers: { "content-type": "application/json", origin: baseUrl() }, body });
    expect(own.status).toBe(202);
    expect(await db.select().from(users).where(eq(users.email, victim))).toHaveLength(0);
    const [request] = await db.select({ id: pendingChanges.id }).from(pendingChanges).where(sql`${pendingChanges.payload}->>'email' = ${victim}`);
    expect(request).toBeDefined();
    // Withdrawn, so no later file finds a change waiting (the navigation would show its count).
    expect((await admin.json(`/api/pending-changes/${request?.id}/reject`, "POST", { reason: "test request, withdrawn" })).status).toBe(200);
  });

  it("a JSON route refuses text/plain, and next-auth's own POST refuses another origin", async () => {
    const admin = await roleSession("admin");
    const [someone] = await db.select().from(users).where(eq(users.email, "support@demo.test"));
    const patch = await admin.fetch(`/api/users/${someone?.id}`, { method: "PATCH", headers: { "content-type": "text/plain" }, body: JSON.stringify({ role: "admin" }) });
    expect(patch.status).toBe(415);
    const [after] = await db.select().from(users).where(eq(users.email, "support@demo.test"));
    expect(after?.role).toBe("support");
    const s = new Session();
    const signOut = await s.fetch("/api/auth/signout", { method: "POST", headers: { origin: "http://127.0.0.1:5299", "content-type": "application/x-www-form-urlencoded" }, body: "csrfToken=x" });
    expect(signOut.status).toBe(403);
  });
});

/** Failed sign-ins for e-mails of nobody from an address, still counted or already audited (one snapshot). */
async function unknownEmailAttempts(ip: string): Promise<number> {
  const [row] = await db.execute<{ n: string }>(sql`select
    coalesce((select sum(attempts) from sign_in_failures where account = '*' and ip = ${ip}), 0)
    + coalesce((select sum((after ->> 'attempts')::int) from audit_log
                 where action = 'auth.sign_in_failures' and actor_email is null and ip = ${ip}), 0) as n`);
  return Number(row?.n ?? 0);
}

describe("2. the client's address", () => {
  it("is the socket's: spoofed X-Forwarded-For values neither spread the failures nor reach the audit log", async () => {
    const email = `nobody-${Date.now()}@spoof.test`;
    const unknownBefore = await unknownEmailAttempts("127.0.0.1");
    const before = (await db.select().from(authRateLimits).where(eq(authRateLimits.key, "ip:127.0.0.1")))[0]?.points ?? 0;
    for (let i = 0; i < 6; i++) {
      const s = new Session();
      const csrf = (await (await s.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
      await s.fetch("/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `198.51.100.${i}` },
        body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password: "wrong-password", totp: "", json: "true" }).toString(),
      });
    }
    // Failed sign-ins are counted per account, address and minute (e-mails of nobody under '*'), counted in
    // sign_in_failures until the minute is audited: all six on the socket's address, none on a spoofed one.
    expect((await unknownEmailAttempts("127.0.0.1")) - unknownBefore).toBe(6);
    expect(await unknownEmailAttempts("203.0.113.1")).toBe(0);
    const spoofed = await db.select().from(authRateLimits).where(like(authRateLimits.key, "ip:203.0.113.%"));
    expect(spoofed).toEqual([]);
    const after = (await db.select().from(authRateLimits).where(eq(authRateLimits.key, "ip:127.0.0.1")))[0]?.points ?? 0;
    expect(after).toBeGreaterThan(before);
  });
});

/** Resident memory of the process serving the app's port (the server behind scripts/serve.mjs). */
function serverRssMb(): number {
  const port = new URL(baseUrl()).port;
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`no process on port ${port}: ${out}`);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Start a 600 MB upload and report the status the server answers with (it must not wait for the body). */
function hugeBody(path: string): Promise<number> {
  const u = new URL(path, baseUrl());
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(600 * 1024 * 1024) } });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    // The server answers on the headers and closes: writing on after that is an EPIPE, not a failure.
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (!answered && e.code !== "EPIPE" && e.code !== "ECONNRESET") reject(e);
    });
    const chunk = Buffer.alloc(1024 * 1024, 97);
    let sent = 0;
    const pump = () => {
      while (sent < 600 && !req.destroyed && !answered) {
        sent++;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!req.destroyed && !answered) req.end();
    };
    req.write(chunk);
    sent = 1;
    setTimeout(pump, 300);
  });
}

describe("5. request bodies", () => {
  it("four 600 MB bodies to next-auth and the API are refused with 413; memory stays under 200 MB above idle", async () => {
    const idle = serverRssMb();
    const statuses = await Promise.all([
      hugeBody("/api/auth/callback/credentials"),
      hugeBody("/api/auth/callback/credentials"),
      hugeBody("/api/users"),
      hugeBody("/api/merchants"),
    ]);
    expect(statuses).toEqual([413, 413, 413, 413]);
    const peak = serverRssMb();
    console.log(`[hardening] server RSS idle ${idle.toFixed(0)} MB, after four 600 MB bodies ${peak.toFixed(0)} MB`);
    expect(peak - idle).toBeLessThan(200);
    // A body with no length (chunked) is refused too, and the app still answers afterwards.
    const chunked = await fetch(`${baseUrl()}/api/users`, {
      method: "POST",
      body: new ReadableStream({ start: (c) => { c.enqueue(new TextEncoder().encode("{}")); c.close(); } }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(411);
    expect((await fetch(`${baseUrl()}/api/health`)).status).toBe(200);
  });
});

describe("6. the app's database role", () => {
  it("cannot update the audit log, even after setting session_replication_role", async () => {
    const app = postgres(inject("e2eAppDatabaseUrl"), { max: 1, onnotice: () => undefined });
    try {
      const code = async (p: Promise<unknown>) => p.then(() => null, (e: { code?: string }) => e.code ?? "error");
      expect(await code(app`set session_replication_role = replica`)).toBe("42501");
      expect(await code(app`update audit_log set action = 'forged'`)).toBe("42501");
      expect(await code(app`delete from audit_log`)).toBe("42501");
      const [me] = await app`select rolsuper from pg_roles where rolname = current_user`;
      expect(me?.rolsuper).toBe(false);
      // ...and it is the role the running app uses: its connections show up under that name.
      const [seen] = await owner`select count(*)::int as n from pg_stat_activity where usename = ${new URL(inject("e2eAppDatabaseUrl")).username} and application_name = 'smilepayz-backoffice'`;
      expect(seen?.n).toBeGreaterThan(0);
    } finally {
      await app.end({ timeout: 5 });
    }
  });
});

describe("7. logs", () => {
  it("after a run of bad requests, the log holds no SQL, parameters, hashes, ciphertext or stack traces, and nothing was a 500", async () => {
    const admin = await roleSession("admin");
    const statuses: number[] = [];
    const send = async (p: string, method: string, body: unknown) => statuses.push((await admin.json(p, method, body)).status);
    await send("/api/users", "POST", { email: `nul-${Date.now()}@x.test`, name: "Bad\u0000Name", role: "finance", allMerchants: true });
    await send("/api/users", "POST", { email: `dup-${Date.now()}@x.test`, name: "Dup", role: "finance", merchantIds: [1, 1] });
    await send("/api/users", "POST", { email: "finance@demo.test", name: "Again", role: "finance", allMerchants: true });
    await send("/api/merchants", "POST", { name: "x\u0000y" });
    statuses.push((await admin.fetch("/api/users", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" })).status);
    expect(statuses.every((s) => s >= 400 && s < 500)).toBe(true);
    expect(statuses).toContain(409);
    const log = readFileSync(inject("logFile"), "utf8");
    for (const leak of ["$argon2", "v1:k", "insert into", "Failed query", "params:", "password_hash", "\n    at "]) {
      expect(log.includes(leak), `log contains ${JSON.stringify(leak)}`).toBe(false);
    }
  });
});

describe("12. headers", () => {
  it("pages get a nonce CSP (new nonce each time), no framing, no sniffing, a referrer policy; the API too", async () => {
    const a = await fetch(`${baseUrl()}/sign-in`);
    const b = await fetch(`${baseUrl()}/sign-in`);
    const csp = a.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(b.headers.get("content-security-policy")).not.toContain(nonce);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    const html = await a.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    for (const r of [a, await fetch(`${baseUrl()}/api/health`)]) {
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("x-frame-options")).toBe("DENY");
      expect(r.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });

  it("compresses pages, their scripts and downloads for a client that accepts gzip; the API's JSON goes as it is", async () => {
    const support = await roleSession("support");
    /** Status, Content-Encoding and the bytes on the wire (node:http does not decompress). */
    const raw = (p: string) =>
      new Promise<{ status: number; encoding: string | null; bytes: number }>((resolve, reject) => {
        const req = http.get(`${baseUrl()}${p}`, { headers: { "accept-encoding": "gzip, deflate", cookie: support.header() } }, (res) => {
          let bytes = 0;
          res.on("data", (c: Buffer) => (bytes += c.length));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, encoding: (res.headers["content-encoding"] as string | undefined) ?? null, bytes }));
        });
        req.on("error", reject);
      });
    const page = await fetch(`${baseUrl()}/sign-in`).then((r) => r.text());
    const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeTruthy();
    for (const p of ["/sign-in", script as string, "/api/orders/export"]) {
      const r = await raw(p);
      expect([p, r.status, r.encoding]).toEqual([p, 200, "gzip"]);
    }
    // Larger than the middleware's 1 KB threshold, so only the policy keeps them uncompressed.
    for (const p of ["/api/openapi.json", "/api/health"]) {
      const r = await raw(p);
      expect([p, r.status, r.encoding]).toEqual([p, 200, null]);
      if (p === "/api/openapi.json") expect(r.bytes).toBeGreaterThan(10_000);
    }
  });

  it("a page runs under its CSP in Chromium without violations", async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${baseUrl()}/sign-in`);
    await page.getByLabel("E-mail").fill("x@y.test");
    expect(violations).toEqual([]);
    await page.close();
  });
});
