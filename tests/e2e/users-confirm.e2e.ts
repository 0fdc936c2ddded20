import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { createUser } from "../helpers/factories";
import { demoUser } from "./helpers/app";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const roleOf = async (id: number) => (await getDb().select({ role: users.role }).from(users).where(eq(users.id, id)))[0]?.role;

describe("item 14: user changes ask first and name the consequence", () => {
  it("a role dropdown never saves by itself; Save asks; disable and two-factor reset ask", async () => {
    const email = `confirm-${randomBytes(4).toString("hex")}@demo.test`;
    const u = await createUser(getDb(), { email, name: "Cleo Confirm", role: "finance", allMerchants: true, totpEnabled: true, totpSecretEnc: "v1:k:a:b:c" });
    const page = await newPage(browser);
    const a = demoUser("admin");
    await signIn(page, a.email, a.password);
    const writes: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/users/") && r.method() !== "GET") writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    await page.goto("/users");
    const row = page.getByTestId(`user-row-${email}`);
    await row.getByRole("button", { name: /^Edit/ }).click();
    const select = row.getByLabel(`Role of ${email}`);
    await select.focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(500);
    expect(writes).toEqual([]);
    expect(await roleOf(u.id)).toBe("finance");

    await select.selectOption("support");
    await row.getByRole("button", { name: "Save" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect.poll(() => dialog.textContent()).toContain("Change Cleo Confirm from Finance to Support? They are signed out everywhere at once");
    expect(await dialog.textContent()).toContain("sign in again with what a support user may do.");
    await screenshot(page, "users-confirm-role");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(writes).toEqual([]);
    await row.getByRole("button", { name: "Save" }).click();
    await dialog.getByRole("button", { name: "Make Support" }).click();
    await expect.poll(() => roleOf(u.id)).toBe("support");
    expect(writes).toEqual([`PATCH /api/users/${u.id}`]);

    await row.getByRole("button", { name: "Disable" }).click();
    await expect.poll(() => dialog.textContent()).toContain(
      "Disable Cleo Confirm? They are signed out everywhere at once and cannot sign in until enabled again.",
    );
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await row.getByRole("button", { name: "Reset two-factor" }).click();
    await expect.poll(() => dialog.textContent()).toContain("must set up two-factor sign-in again");
    await dialog.getByRole("button", { name: "Reset two-factor" }).click();
    await expect.poll(async () => (await getDb().select().from(users).where(eq(users.id, u.id)))[0]?.totpEnabled).toBe(false);
    await row.getByRole("button", { name: "Disable" }).click();
    await dialog.getByRole("button", { name: "Disable" }).click();
    await expect.poll(async () => (await getDb().select().from(users).where(eq(users.id, u.id)))[0]?.disabledAt).not.toBeNull();
    expect(writes).toEqual([`PATCH /api/users/${u.id}`, `POST /api/users/${u.id}/reset-two-factor`, `POST /api/users/${u.id}/disable`]);
    await page.context().close();
  });
});
