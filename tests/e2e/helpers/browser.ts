import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { baseUrl } from "./app";
import { TOTP_REQUIRED_ROLES } from "@/lib/auth/permissions";
import { DEMO_USERS } from "@/lib/demo/seed-demo";
import { knownTotp, nextTotpCode, rememberTotp, resetDemoUser, resetSignInLimits } from "./users";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl() });
  return context.newPage();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.resolve(__dirname, "../../../.test-data/e2e-shots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * What makes a page scroll sideways at `width`: "" when it fits, otherwise its width and the innermost elements that
 * reach past the edge (tag, classes, text), so a failure names the culprit instead of only a number.
 */
export async function sidewaysScroll(page: Page, width: number): Promise<string> {
  return page.evaluate((w) => {
    const total = document.documentElement.scrollWidth;
    if (total <= w) return "";
    const past = [...document.body.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > w + 0.5);
    const innermost = past.filter((e) => !past.some((o) => o !== e && e.contains(o))).slice(0, 5);
    const name = (e: Element) =>
      `<${e.tagName.toLowerCase()} class="${e.getAttribute("class") ?? ""}"> right ${Math.round(e.getBoundingClientRect().right)}: "${(e.textContent ?? "").trim().slice(0, 80)}"`;
    return `${total} px wide; past the edge: ${innermost.map(name).join(" | ")}`;
  }, width);
}

/**
 * Fill the sign-in form like a person (from `from`, default /sign-in): e-mail, password and, when two-factor is on,
 * a code the app has not seen yet, in one step; enrol two-factor when the app makes us, as a new user would. Any
 * sign-in delay left by other test files is forgotten first.
 */
export async function signIn(page: Page, email: string, password: string, from = "/sign-in"): Promise<void> {
  const demo = DEMO_USERS.find((d) => d.email === email);
  if (demo) await resetDemoUser(demo.role);
  await resetSignInLimits([email]);
  const secret = await knownTotp(email);
  await page.goto(from);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  if (secret) await page.getByLabel("Authenticator code").fill(await nextTotpCode(email, secret));
  await page.getByRole("button", { name: "Sign in" }).click();
  const error = page.getByTestId("sign-in-error");
  await page.waitForFunction(() => !location.pathname.startsWith("/sign-in") || document.querySelector("[data-testid=sign-in-error]"), null, { timeout: 20_000 });
  if (await error.isVisible()) throw new Error(`sign-in of ${email} refused: ${await error.textContent()}`);
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 20_000 });
  // The app may still redirect (forced set-up): wait for either the navigation or the set-up page.
  const setUp = page.getByRole("button", { name: "Set up two-factor sign-in" });
  // At phone widths the links sit behind the Menu button: either one means the app's shell is there.
  const navLink = page.getByRole("navigation", { name: "Main" }).getByRole("link").first().or(page.getByRole("button", { name: "Menu" }));
  const changePassword = page.getByRole("button", { name: "Change password" });
  await setUp.or(navLink).or(changePassword).first().waitFor({ timeout: 20_000 });
  // A role that must have two-factor and has none is sent to set it up; the shell (a Menu button at 390 px) can
  // show before that redirect lands, so wait for the set-up form itself.
  const mustEnrol = !secret && demo !== undefined && TOTP_REQUIRED_ROLES.includes(demo.role);
  if (mustEnrol || new URL(page.url()).pathname.startsWith("/account/two-factor")) await setUp.waitFor({ timeout: 20_000 });
  if (await setUp.isVisible()) {
    await setUp.click();
    const s = (await page.getByTestId("totp-secret").textContent()) ?? "";
    rememberTotp(email, s);
    await page.getByLabel("Code from the app").fill(await nextTotpCode(email, s));
    await page.getByRole("button", { name: "Turn on two-factor" }).click();
    // The recovery codes are shown once before the app goes on.
    await page.getByRole("button", { name: "I have saved them, continue" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/account/two-factor"), { timeout: 20_000 });
    await navLink.waitFor({ timeout: 20_000 });
  }
}

/**
 * The text of the confirmation dialog once it is open. The <dialog> is always in the page (closed, with the texts of
 * its closed state) and opens after the render that follows a click: reading it right after the click can read the
 * closed one.
 */
export async function openDialogText(page: Page): Promise<string> {
  const dialog = page.locator('[data-testid="confirm-dialog"][open]');
  await dialog.waitFor();
  return (await dialog.textContent()) ?? "";
}
