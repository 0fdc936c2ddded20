import { eq, sql } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { sessions, users } from "@/db/schema";
import { Session, apiSignIn, demoUser, freshUser, roleSession, signedIn } from "./helpers/app";
import { approveAsSecondAdmin } from "./helpers/four-eyes";
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
  it("admin creates a user with a one-time password; the user must change it at first sign-in, and a common password (password1234) is refused on its field", async () => {
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
    // A common password is refused on its field, before anything is sent.
    await p2.getByLabel("New password", { exact: true }).fill("password1234");
    await p2.getByLabel("Repeat the new password").fill("password1234");
    await p2.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => p2.locator("[data-field-error=newPassword]").textContent()).toBe("Too easy to guess: it contains the word “password”");
    await p2.getByLabel("New password", { exact: true }).fill("a-much-better-phrase-26");
    await p2.getByLabel("Repeat the new password").fill("a-much-better-phrase-26");
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

  it("demoting or disabling another admin, granting reveal and enabling a finance user answer 202 and change nothing until another admin approves", async () => {
    // Two more admins than the demo one: each removal asked here leaves at least two.
    const other = await freshUser("admin", { allMerchants: true });
    const third = await freshUser("admin", { allMerchants: true });
    const otherSession = await signedIn(other.email, other.password, other.secret);
    const demote = await admin.json(`/api/users/${other.id}`, "PATCH", { role: "support" });
    expect(demote.status).toBe(202);
    const demoted = (await demote.json()) as { role: string; pendingChange: { id: number; message: string } };
    expect(demoted.pendingChange.message).toMatch(/Admin → Support\. This will take effect only after another admin approves it\.$/);
    expect(demoted.role).toBe("admin");
    expect((await getDb().select({ role: users.role }).from(users).where(eq(users.id, other.id)))[0]?.role).toBe("admin");
    // Nothing happened to them: still an admin, still signed in.
    expect((await otherSession.fetch("/api/users")).status).toBe(200);
    // Enough admins: the overview carries no warning.
    expect(await (await admin.fetch("/")).text()).not.toContain("admin-quorum-warning");

    // Disabling the third, in the page: the confirmation and the notice say it waits.
    const page = await newPage(browser);
    await signIn(page, demoUser("admin").email, demoUser("admin").password);
    await page.goto("/users");
    const row = page.getByTestId(`user-row-${third.email}`);
    await row.getByRole("button", { name: "Disable" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect.poll(() => dialog.textContent()).toContain("This will take effect only after another admin approves it.");
    await screenshot(page, "users-confirm-disable-admin");
    await dialog.getByRole("button", { name: "Disable" }).click();
    await page.getByTestId("pending-change-notice").waitFor();
    expect(await page.getByTestId("pending-change-notice").textContent()).toMatch(/disable \(Admin\)\. This will take effect only after another admin approves it\./);
    expect((await getDb().select({ d: users.disabledAt }).from(users).where(eq(users.id, third.id)))[0]?.d).toBeNull();
    await page.context().close();

    const support = await freshUser("support");
    expect((await admin.json(`/api/users/${support.id}`, "PATCH", { canReveal: true })).status).toBe(202);
    expect((await getDb().select({ r: users.canReveal }).from(users).where(eq(users.id, support.id)))[0]?.r).toBe(false);
    const fin = await freshUser("finance");
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, fin.id));
    expect((await admin.json(`/api/users/${fin.id}/enable`, "POST", {})).status).toBe(202);
    expect((await apiSignIn(fin.email, fin.password)).error).toBe("invalid_credentials");

    // A second admin approves the demotion: now it applies (and ends the demoted admin's sessions).
    await approveAsSecondAdmin(demoted.pendingChange.id);
    expect((await getDb().select({ role: users.role }).from(users).where(eq(users.id, other.id)))[0]?.role).toBe("support");
    expect((await otherSession.fetch("/api/users")).status).toBe(401);

    // Withdrawn by the requester, so no later file finds changes waiting (the navigation would show their count).
    const list = (await (await admin.fetch("/api/pending-changes")).json()) as { pending: { id: number; summary: string }[] };
    for (const c of list.pending.filter((p) => [third.email, support.email, fin.email].some((e) => p.summary.includes(e)))) {
      expect((await admin.json(`/api/pending-changes/${c.id}/reject`, "POST", { reason: "users e2e, withdrawn" })).status).toBe(200);
    }
  });

  it("with one active admin, demoting or disabling it is refused, and the admin's overview says what that means and how to fix it", async () => {
    await disableOtherAdmins(demoUser("admin").email); // admins other files made, and the demo's second admin
    const id = (await getDb().select({ id: users.id }).from(users).where(eq(users.email, demoUser("admin").email)))[0]?.id;
    const res = await admin.json(`/api/users/${id}`, "PATCH", { role: "finance" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/would leave no active admin, fewer than two/);
    const row = (await getDb().select().from(users).where(eq(users.id, id ?? 0)))[0];
    expect(row?.role).toBe("admin");

    const page = await newPage(browser);
    await signIn(page, demoUser("admin").email, demoUser("admin").password);
    await page.goto("/");
    const warning = page.getByTestId("admin-quorum-warning");
    await warning.waitFor();
    const text = (await warning.textContent()) ?? "";
    expect(text).toContain("This deployment has only one active admin");
    expect(text).toContain("nobody may approve their own");
    expect(text).toMatch(/make the second admin the way the first one was made: by the seed.*Bootstrap/);
    await screenshot(page, "overview-one-admin");
    await page.context().close();
  });
});
