import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { baseUrl, rememberTotp, totpCode, totpSecretOf } from "./app";

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

/** Fill the sign-in form like a person; enrol two-factor when the app asks for it, answer the code when asked. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const secret = totpSecretOf(email);
  if (secret) {
    await page.getByLabel("Authenticator code").fill(totpCode(secret));
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 20_000 });
  // The app may still redirect (forced set-up): wait for either the navigation or the set-up page.
  const setUp = page.getByRole("button", { name: "Set up two-factor sign-in" });
  const navLink = page.getByRole("navigation", { name: "Main" }).getByRole("link").first();
  const changePassword = page.getByRole("button", { name: "Change password" });
  await setUp.or(navLink).or(changePassword).first().waitFor({ timeout: 20_000 });
  if (await setUp.isVisible()) {
    await setUp.click();
    const s = (await page.getByTestId("totp-secret").textContent()) ?? "";
    rememberTotp(email, s);
    await page.getByLabel("Code from the app").fill(totpCode(s));
    await page.getByRole("button", { name: "Turn on two-factor" }).click();
    await page.waitForURL((u) => u.pathname === "/", { timeout: 20_000 });
    await navLink.waitFor({ timeout: 20_000 });
  }
}
