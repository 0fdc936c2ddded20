import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, signInFailures, users } from "@/db/schema";
import { flushSignInFailures } from "@/lib/auth/sign-in-failures";
import { Session, apiSignIn, demoUser, freshUser, roleSession, signedIn } from "./helpers/app";

let admin: Session;
let support: Session;
beforeAll(async () => {
  admin = await roleSession("admin");
  support = await roleSession("support");
});

async function fieldsOf(res: Response): Promise<Record<string, string>> {
  expect(res.status).toBe(400);
  return ((await res.json()) as { error: { fields?: Record<string, string> } }).error.fields ?? {};
}

describe("bad input on the remaining forms: a field message, nothing written", () => {
  it("change password: wrong current password, too short, different repeat", async () => {
    const email = demoUser("support").email;
    const before = (await getDb().select({ h: users.passwordHash }).from(users).where(eq(users.email, email)))[0]?.h;
    expect(await fieldsOf(await support.json("/api/account/password", "POST", {}))).toMatchObject({ currentPassword: expect.any(String), newPassword: expect.any(String) });
    expect(await fieldsOf(await support.json("/api/account/password", "POST", { currentPassword: "x", newPassword: "short", confirmPassword: "short" }))).toMatchObject({ newPassword: "At least 12 characters" });
    expect(await fieldsOf(await support.json("/api/account/password", "POST", { currentPassword: "wrong-password-here", newPassword: "a-long-new-phrase-26", confirmPassword: "a-long-new-phrase-26" }))).toMatchObject({ currentPassword: "The current password is wrong" });
    const after = (await getDb().select({ h: users.passwordHash }).from(users).where(eq(users.email, email)))[0]?.h;
    expect(after).toBe(before);
  });

  it("two-factor code: not six digits, or wrong", async () => {
    // A finance user of its own who has not enrolled yet (signed in, set-up routes only).
    const f = await freshUser("finance", { totp: false });
    const finance = await signedIn(f.email, f.password, null);
    expect(await fieldsOf(await finance.json("/api/account/two-factor/confirm", "POST", { code: "12ab" }))).toMatchObject({ code: "The code has 6 digits" });
    await finance.json("/api/account/two-factor/start", "POST", {});
    const wrong = await fieldsOf(await finance.json("/api/account/two-factor/confirm", "POST", { code: "000000" }));
    expect(wrong.code).toMatch(/not valid/);
    const row = (await getDb().select({ on: users.totpEnabled }).from(users).where(eq(users.email, f.email)))[0];
    expect(row?.on).toBe(false);
  });

  it("audit filters and order look-up refuse malformed values", async () => {
    expect(await fieldsOf(await admin.fetch("/api/audit?from=2026-13-45"))).toMatchObject({ from: expect.any(String) });
    expect(await fieldsOf(await admin.fetch("/api/audit?from=2026-11-20&to=2026-11-01"))).toMatchObject({ to: "The end is before the start" });
    expect(await fieldsOf(await admin.fetch(`/api/audit?actor=${"a".repeat(300)}`))).toMatchObject({ actor: "At most 254 characters" });
    expect(await fieldsOf(await support.fetch(`/api/orders?q=${"A".repeat(65)}`))).toMatchObject({ q: "At most 64 characters" });
    expect(await fieldsOf(await support.fetch("/api/orders?from=2026-13-01"))).toMatchObject({ from: expect.any(String) });
  });

  it("a credential's private-network callback URL, empty custom URL and non-key platform key: sentences on their fields", async () => {
    const fields = await fieldsOf(
      await admin.json("/api/merchants", "POST", {
        merchantId: "forms-audit-1",
        name: "Forms audit",
        environment: "custom",
        customBaseUrl: "",
        merchantSecret: "secret-12345",
        platformPublicKey: "QUJDREVGR0g=",
        callbackBaseUrl: "https://10.1.2.3",
      }),
    );
    expect(fields.callbackBaseUrl).toMatch(/^This address is inside a private network/);
    expect(fields.customBaseUrl).toBe("Enter the base URL of the custom gateway");
    expect(fields.platformPublicKey).toMatch(/not a readable RSA public key/);
    expect(Object.values(fields).join(" ")).not.toMatch(/Invalid input|expected/);
  });

  it("a body that is not JSON is a 400, not a 500", async () => {
    const res = await admin.fetch("/api/users", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(res.status).toBe(400);
  });
});

describe("audit log", () => {
  it("records every sign-in attempt with actor, address and outcome (failures counted per minute)", async () => {
    const email = demoUser("support").email;
    await apiSignIn(email, "definitely-wrong");
    const counted = await getDb().select().from(signInFailures).where(eq(signInFailures.account, email));
    expect(counted.map((c) => [c.ip, c.reasons.wrong_password])).toEqual([["127.0.0.1", 1]]);
    // As if the minute were over (the minutely job does this within about a minute; tests/e2e/sign-in-flood.e2e.ts).
    await getDb().update(signInFailures).set({ minute: sql`${signInFailures.minute} - interval '2 minutes'` }).where(eq(signInFailures.account, email));
    await flushSignInFailures(getDb());
    const rows = await getDb().select().from(auditLog).where(eq(auditLog.actorEmail, email));
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.sign_in", "auth.sign_in_failures"]));
    // A sign-in's row names its address. A failure's row does too while the minute's budget for strangers lasts;
    // past it (other suites' floods in the same minute) the account's other addresses share one row that counts them.
    for (const r of rows) {
      const shared = r.action === "auth.sign_in_failures" && typeof (r.after as { addresses?: unknown } | null)?.addresses === "number";
      expect(r.ip !== null && r.ip !== "" ? true : shared, `${r.action} without an address`).toBe(true);
    }
    expect(rows.filter((r) => r.action === "auth.sign_in").every((r) => r.ip !== null && r.ip !== "")).toBe(true);
  });

  it("filters by action and actor, and exports the same rows as CSV", async () => {
    const res = await admin.fetch(`/api/audit?action=auth.sign_in_failures&actor=support`);
    const page = (await res.json()) as { rows: { action: string; actorEmail: string }[] };
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.every((r) => r.action === "auth.sign_in_failures" && r.actorEmail.includes("support"))).toBe(true);
    const csv = await (await admin.fetch(`/api/audit/export?action=auth.sign_in_failures&actor=support`)).text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("id,time,actor,action,target_type,target_id,ip,before,after");
    expect(lines.length - 1).toBe(page.rows.length);
    const exported = await getDb().select().from(auditLog).where(eq(auditLog.action, "audit.exported"));
    expect(exported.length).toBeGreaterThan(0);
  });
});
