import { randomBytes, randomInt } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, authRateLimits } from "@/db/schema";
import { ACCOUNT_POLICY, claimAttempt, purgeForgottenLimits, readLimit } from "@/lib/auth/rate-limit";
import { attemptSignIn } from "@/lib/auth/sign-in";
import { flushSignInFailures } from "@/lib/auth/sign-in-failures";
import { testDb } from "../helpers/db";
import { restoreEnvAfterEach, withEnv } from "../helpers/env";

/**
 * Failed sign-ins from many addresses: a bounded number of permanent audit rows per minute for all addresses
 * together (STRANGER_ROWS_PER_MINUTE), every attempt still counted. The unit suite raises the budget
 * (tests/setup/env.ts); these tests set a small one, on minutes of their own.
 */
restoreEnvAfterEach();
const tag = () => randomBytes(5).toString("hex");

describe("failed sign-ins from many addresses", () => {
  it("become audit rows per account and address up to the minute's budget, and one row per account for the rest", async () => {
    withEnv({ STRANGER_ROWS_PER_MINUTE: "5" });
    const email = `victim-${tag()}@test.example`;
    const minute = new Date(Date.UTC(2003, 0, 1, 0, Math.floor(Math.random() * 1_000)));
    const ips = Array.from({ length: 40 }, (_, i) => `198.51.100.${i + 1}`);
    // 40 addresses on one account and the same 40 on e-mails of nobody, in a minute long closed.
    // In one transaction with the flush: another file's sign-in would otherwise flush these closed rows itself.
    await testDb().transaction(async (tx) => {
      await tx.execute(sql`
      insert into sign_in_failures (account, ip, minute, user_id, attempts, reasons, emails)
      select a, ip, ${minute.toISOString()}::timestamptz, null, case when ip = '198.51.100.1' then 9 else 2 end, '{"wrong_password": 2}'::jsonb,
             case when a = '*' then array[${`x-${tag()}@nobody.test`}] else '{}'::text[] end
      from unnest(string_to_array(${ips.join(",")}, ',')) ip, unnest(array[${email}, '*']) a`);
      await flushSignInFailures(tx);
    });
    const rows = await testDb()
      .select({ email: auditLog.actorEmail, ip: auditLog.ip, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.sign_in_failures"), sql`${auditLog.after}->>'minute' = ${minute.toISOString()}`));
    const after = (r: (typeof rows)[number]) => r.after as { attempts: number; addresses?: number };
    expect(rows.filter((r) => r.ip !== null)).toHaveLength(5);
    // The busiest address keeps a row of its own.
    expect(rows.some((r) => r.ip === "198.51.100.1" && r.email === email)).toBe(true);
    const shared = rows.filter((r) => r.ip === null);
    expect(shared.map((r) => r.email ?? "*").sort()).toEqual([email, "*"].sort());
    expect(shared.reduce((n, r) => n + (after(r).addresses ?? 0), 0)).toBe(80 - 5);
    expect(rows.reduce((n, r) => n + after(r).attempts, 0)).toBe(40 * 2 * 2 + 7 * 2);
  });

  it("an IPv6 address is counted by its /64: two addresses of one /64 share one count", async () => {
    const email = `nobody-${tag()}@test.example`;
    // A group without a leading zero: the stored /64 is written canonically (2001:db8:d4b:1::/64, never 0d4b).
    const net = `2001:db8:${(0x1000 + randomInt(0xf000)).toString(16)}:1`;
    await attemptSignIn(testDb(), { email, password: "guess-guess-1" }, { ip: `${net}::1`, userAgent: "vitest" });
    await attemptSignIn(testDb(), { email, password: "guess-guess-2" }, { ip: `${net}:ffff:2:3:4`, userAgent: "vitest" });
    const rows = await testDb().execute<{ ip: string; attempts: number }>(sql`select ip, attempts from sign_in_failures where account = '*' and ip like ${`${net}%`}`);
    expect(rows.map((r) => [r.ip, r.attempts])).toEqual([[`${net}::/64`, 2]]);
  });

  it("throttle keys a flood used are deleted once no policy remembers them (16 minutes), not kept a day", async () => {
    const t = tag();
    const quiet = `ip:198.18.${t}`;
    const counting = `ip:198.19.${t}`;
    await testDb().insert(authRateLimits).values({ key: quiet, points: 4, windowStart: new Date(Date.now() - 16 * 60_000) });
    await claimAttempt(testDb(), counting, ACCOUNT_POLICY);
    expect(await purgeForgottenLimits(testDb())).toBeGreaterThanOrEqual(1);
    expect(await testDb().$count(authRateLimits, eq(authRateLimits.key, quiet))).toBe(0);
    expect((await readLimit(testDb(), counting)).failures).toBe(1);
  });
});
