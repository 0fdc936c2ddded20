import { eq, sql } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { sessions, users } from "@/db/schema";
import { Session, apiSignIn, demoUser, freshUser, roleSession, signedIn } from "./helpers/app";
import { disableOtherAdmins } from "./helpers/users";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";

let browser: Browser;
let admin: Session;
beforeAll(async () => {
  browser = await launchBrowser();
  admin = await roleSession("admin");
});
afterAll(() => browser.close());

const count = () => getDb().$count(users);

describe("users: bad input writes nothing", () => {
  it.each([
    ["empty", {}, ["email", "name"]],
    ["bad e-mail", { email: "nope", name: "A", role: "finance" }, ["email"]],
    ["too long name", { email: "long@demo.test", name: "x".repeat(101), role: "finance" }, ["name"]],
    ["unknown role", { email: "r@demo.test", name: "R", role: "root" }, ["role"]],
    ["unknown merchant", { email: "m@demo.test", name: "M", role: "finance", merchantIds: [987654] }, ["merchantIds"]],
    ["existing e-mail", { email: "FINANCE@demo.test", name: "Dup", role: "finance" }, ["email"]],
  ])("%s", async (_label, body, fields) => {
    const before = await count();
    const res = await admin.json("/api/users", "POST", body);
    expect([400, 409]).toContain(res.status);
    const json = (await res.json()) as { error: { fields?: Record<string, string> } };
    for (const f of fields) expect(json.error.fields?.[f]).toBeTruthy();
    expect(await count()).toBe(before);
  });
});

describe("users page", () => {
  it("admin creates a user with a one-time password; the user must change it at first sign-in", async () => {
    const page = await newPage(browser);
    const a = demoUser("admin");
    await signIn(page, a.email, a.password);
    await page.goto("/users");
    const email = `new-${Date.now()}@demo.test`;
    await page.getByLabel("E-mail", { exact: true }).fill(email);
    await page.getByLabel("Name", { exact: true }).fill("New Person");
    await page.getByLabel("Role", { exact: true }).selectOption("support");
    await page.getByRole("button", { name: "Add user" }).click();
    const otp = page.getByTestId("one-time-password");
    await otp.waitFor();
    const password = (await otp.locator("code").textContent()) ?? "";
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    await screenshot(page, "user-created");

    const p2 = await newPage(browser);
    await p2.goto("/sign-in");
    await p2.getByLabel("E-mail").fill(email);
    await p2.getByLabel("Password").fill(password);
    await p2.getByRole("button", { name: "Sign in" }).click();
    await p2.waitForURL((u) => u.pathname === "/account/password");
    await p2.getByLabel("Current password").fill(password);
    await p2.getByLabel("New password", { exact: true }).fill("short");
    await p2.getByLabel("Repeat the new password").fill("different");
    await p2.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => p2.locator("[data-field-error=newPassword]").textContent()).toBe("At least 12 characters");
    expect(await p2.locator("[data-field-error=confirmPassword]").textContent()).toBe("The passwords differ");
    await p2.getByLabel("New password", { exact: true }).fill("a-much-better-password");
    await p2.getByLabel("Repeat the new password").fill("a-much-better-password");
    await p2.getByRole("button", { name: "Change password" }).click();
    await p2.waitForURL((u) => u.pathname === "/");
    const row = (await getDb().select().from(users).where(eq(users.email, email)))[0];
    expect(row?.mustChangePassword).toBe(false);
  });

  it("disabling a user ends their sessions at once", async () => {
    const f = await freshUser("support");
    const session = await signedIn(f.email, f.password, null);
    expect((await session.fetch("/api/orders")).status).toBe(200);
    const id = f.id;
    expect((await admin.json(`/api/users/${id}/disable`, "POST", {})).status).toBe(200);
    expect((await session.fetch("/api/orders")).status).toBe(401);
    const again = await apiSignIn(f.email, f.password);
    expect(again.error).toBe("invalid_credentials"); // the same answer as a wrong password: no oracle
    const open = await getDb().$count(sessions, sql`${sessions.userId} = ${id} and ${sessions.revokedAt} is null`);
    expect(open).toBe(0);
    expect((await admin.json(`/api/users/${id}/enable`, "POST", {})).status).toBe(200);
    expect((await apiSignIn(f.email, f.password)).error).toBeNull();
  });

  it("the last admin cannot be demoted or disabled", async () => {
    await disableOtherAdmins(demoUser("admin").email); // admins other files made
    const id = (await getDb().select({ id: users.id }).from(users).where(eq(users.email, demoUser("admin").email)))[0]?.id;
    const res = await admin.json(`/api/users/${id}`, "PATCH", { role: "finance" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/last admin/);
    const row = (await getDb().select().from(users).where(eq(users.id, id ?? 0)))[0];
    expect(row?.role).toBe("admin");
  });
});
