import http from "node:http";
import { and, eq, gte } from "drizzle-orm";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, signInFailures, users } from "@/db/schema";
import { baseUrl, freshUser, nextTotpCode } from "./helpers/app";
import type { FreshUser } from "./helpers/users";
import { launchBrowser, screenshot } from "./helpers/browser";

/**
 * Issue 17, item 2: wrong passwords for an admin from 40 addresses cannot keep the admin out of a browser that
 * signed in before (device cookie), and they add at most one audit row per account, address and minute.
 * The attackers are real sockets from 127.0.0.2-41: the app believes the socket's address (no TRUSTED_PROXIES).
 */
// Two minutes in the issue; 40 s here to keep the suite short. The full 120 s was measured once: see the report.
const FLOOD_MS = 40_000;
const ATTACKERS = 40;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** One attacker: its own source address, a CSRF token once, then wrong passwords back to back until told to stop. */
async function attacker(n: number, email: string, stop: { now: boolean }): Promise<number> {
  const u = new URL(baseUrl());
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (path: string, method: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; cookies: string[]; body: string }>((resolve, reject) => {
      const req = http.request({ host: u.hostname, port: u.port, path, method, headers, agent, localAddress: `127.0.0.${n + 2}` }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, cookies: res.headers["set-cookie"] ?? [], body: text }));
      });
      req.on("error", reject);
      req.end(body);
    });
  const csrf = await request("/api/auth/csrf", "GET", {});
  const cookie = csrf.cookies.map((c) => c.split(";")[0]).join("; ");
  const token = (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken;
  let sent = 0;
  while (!stop.now) {
    const body = new URLSearchParams({ csrfToken: token, email, password: `guess-${n}-${sent}`, totp: "", json: "true" }).toString();
    const res = await request("/api/auth/callback/credentials", "POST", {
      cookie, "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)),
    }, body);
    if (res.status !== 200 && res.status !== 401) throw new Error(`attacker ${n}: HTTP ${res.status}`);
    sent++;
  }
  agent.destroy();
  return sent;
}

/** Sign in through the form with a code the app has not seen; ms from the click to the app's home page. */
async function signInTimed(context: BrowserContext, admin: FreshUser): Promise<number> {
  const page = await context.newPage();
  // What the browser saw, said when a sign-in does not arrive. CI once ended on /sign-in?error=undefined here: the
  // form then used next-auth's signIn(), whose provider-list fetch had failed (the form posts itself now).
  const said: string[] = [];
  page.on("console", (m) => void (m.type() === "error" && said.push(m.text().slice(0, 300))));
  page.on("requestfailed", (r) => void said.push(`${r.method()} ${new URL(r.url()).pathname} failed: ${r.failure()?.errorText ?? "?"}`));
  page.on("response", (r) => void (r.status() >= 400 && said.push(`${r.request().method()} ${new URL(r.url()).pathname} answered ${r.status()}`)));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByLabel("Authenticator code").fill(await nextTotpCode(admin.email, admin.secret ?? ""));
  const started = Date.now();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/", { timeout: 30_000 }).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message.split("\n")[0] : String(e)}; the browser said: ${said.join(" | ") || "nothing"}`);
  });
  const took = Date.now() - started;
  // Signing out ends the session and keeps the device cookie.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((u) => u.pathname === "/sign-in");
  await page.close();
  return took;
}

describe("sign-in under a flood of wrong passwords", () => {
  it("a browser that signed in before gets in within 5 s every time; audit_log grows by one row per account, address and minute at most", async () => {
    const admin = await freshUser("admin");
    const known = await browser.newContext({ baseURL: baseUrl() });
    try {
      await signInTimed(known, admin);
      const device = (await known.cookies()).filter((c) => c.name.startsWith("sp_device_"));
      expect(device).toHaveLength(1);
      expect(device[0]).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/api/auth", secure: false });
      expect((await known.cookies()).some((c) => c.name.includes("session-token"))).toBe(false); // signed out

      const floodStart = new Date();
      const stop = { now: false };
      const attackers = Array.from({ length: ATTACKERS }, (_, n) => attacker(n, admin.email, stop));
      const timings: number[] = [];
      const deadline = Date.now() + FLOOD_MS;
      await new Promise((r) => setTimeout(r, 3_000)); // the account's wait is armed by now
      while (Date.now() < deadline) timings.push(await signInTimed(known, admin));
      // Meanwhile a browser without the cookie is held by the account's wait (by now 30 s; nothing is checked).
      const stranger = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 390, height: 800 } });
      const page = await stranger.newPage();
      await page.goto("/sign-in");
      await page.getByLabel("E-mail").fill(admin.email);
      await page.getByLabel("Password").fill(admin.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.getByTestId("sign-in-error").textContent(), { timeout: 15_000 }).toMatch(/Too many failed sign-in attempts/);
      await screenshot(page, "sign-in-flood-stranger-390");
      await stranger.close();
      stop.now = true;
      const sent = (await Promise.all(attackers)).reduce((a, b) => a + b, 0);
      const floodEnd = new Date();
      console.log(`flood: ${sent} wrong passwords from ${ATTACKERS} addresses in ${(floodEnd.getTime() - floodStart.getTime()) / 1000} s; sign-ins (ms): ${timings.join(", ")}`);
      expect(timings.length).toBeGreaterThanOrEqual(Math.floor(FLOOD_MS / 30_000));
      expect(Math.max(...timings)).toBeLessThan(5_000);
      expect(sent).toBeGreaterThan(ATTACKERS * 10);

      // Every attempt is counted once; each closed minute becomes one audit row (the minutely job), then no count is left.
      await expect
        .poll(async () => getDb().$count(signInFailures, eq(signInFailures.account, admin.email)), { timeout: 150_000, interval: 2_000 })
        .toBe(0);
      const rows = await getDb()
        .select({ action: auditLog.action, ip: auditLog.ip, after: auditLog.after })
        .from(auditLog)
        .where(and(eq(auditLog.actorEmail, admin.email), gte(auditLog.createdAt, floodStart)));
      const failures = rows.filter((r) => r.action === "auth.sign_in_failures");
      expect(new Set(rows.map((r) => r.action))).toEqual(new Set(["auth.sign_in", "auth.sign_in_failures"]));
      const perMinute = new Map<string, number>();
      for (const f of failures) {
        const k = `${f.ip} ${(f.after as { minute: string }).minute}`;
        perMinute.set(k, (perMinute.get(k) ?? 0) + 1);
      }
      expect([...perMinute.values()].every((n) => n === 1)).toBe(true);
      const minutes = Math.ceil((floodEnd.getTime() - floodStart.getTime()) / 60_000) + 1;
      expect(failures.length).toBeLessThanOrEqual(ATTACKERS * minutes + minutes);
      const attempts = failures.reduce((n, f) => n + (f.after as { attempts: number }).attempts, 0);
      expect(attempts).toBe(sent + 1); // the stranger's refused attempt too
      console.log(`audit_log: ${failures.length} rows for ${attempts} failed attempts; ${rows.length - failures.length} sign-ins`);
    } finally {
      await known.close();
      await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, admin.id)); // not another admin for other files
    }
  }, 600_000);
});
