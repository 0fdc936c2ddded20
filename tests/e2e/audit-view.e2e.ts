import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createUser } from "../helpers/factories";
import { Session, demoUser, roleSession } from "./helpers/app";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";

let browser: Browser;
let admin: Session;
beforeAll(async () => {
  browser = await launchBrowser();
  admin = await roleSession("admin");
});
afterAll(() => browser.close());

describe("item 20: the audit log reads like a log", () => {
  it("names, a field diff, actions chosen by their names (wire name beside), filters kept in the URL across reload and Back, and an empty state", async () => {
    const target = await createUser(getDb(), { name: `Dora Diff ${randomBytes(3).toString("hex")}`, role: "finance", allMerchants: true });
    expect((await admin.json(`/api/users/${target.id}`, "PATCH", { role: "support" })).status).toBe(200);

    const page = await newPage(browser);
    const a = demoUser("admin");
    await signIn(page, a.email, a.password);
    // A slow answer shows the loading state, not an empty table.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route("**/api/audit?*", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto("/audit");
    await page.getByTestId("audit-loading").waitFor();
    expect(await page.getByTestId("audit-empty").count()).toBe(0);
    await screenshot(page, "audit-loading");
    release();
    await page.getByTestId("audit-row").first().waitFor();
    await page.unroute("**/api/audit?*");
    // Actions are chosen by name; the wire name shows under the choice.
    await page.getByLabel("Action").selectOption({ label: "User changed (role, merchants, reveal)" });
    expect(await page.getByTestId("audit-action-wire").textContent()).toBe("user.updated");
    await page.getByLabel("Target id").fill(String(target.id));
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL((u) => u.searchParams.get("action") === "user.updated" && u.searchParams.get("targetId") === String(target.id));
    const row = page.getByTestId("audit-row").first();
    await expect.poll(() => row.getByTestId("audit-target").textContent()).toBe(`user: ${target.name}`);
    expect(await row.getByTestId("audit-actor").textContent()).toBe(`Ada Admin (${a.email})`);
    const diff = await row.getByTestId("audit-diff").textContent();
    expect(diff).toContain("role: finance → support");
    expect(diff).not.toContain("email");
    expect(await page.getByTestId("audit-row").count()).toBe(1);
    expect(await row.getByTestId("audit-action").textContent()).toBe("User changed (role, merchants, reveal)user.updated");
    await screenshot(page, "audit-filtered-diff");

    await page.reload();
    await expect.poll(() => page.getByLabel("Action").inputValue()).toBe("user.updated");
    await expect.poll(() => page.getByTestId("audit-row").count()).toBe(1);

    await page.getByLabel("Target id").fill("999999999");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => page.getByTestId("audit-empty").textContent()).toBe("No audit entries match these filters.");
    await screenshot(page, "audit-empty");
    await page.goBack();
    await expect.poll(() => page.getByLabel("Action").inputValue()).toBe("user.updated");
    await expect.poll(() => page.getByTestId("audit-row").count()).toBe(1);
    await page.context().close();
  });
});
