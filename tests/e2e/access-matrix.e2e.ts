import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { callbacks, merchants, payins, payouts } from "@/db/schema";
import { PAGE_ACCESS, ROUTE_ACCESS, type Access } from "@/lib/auth/access-table";
import { can, ROLES, type Role } from "@/lib/auth/permissions";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { API_SCOPES } from "@/lib/auth/api-key-scopes";
import { declaredScopes } from "../helpers/route-scopes";
import { Session, baseUrl, demoSecrets, demoUser, roleSession } from "./helpers/app";
import { approveAsSecondAdmin } from "./helpers/four-eyes";
import { launchBrowser, newPage, screenshot, signIn } from "./helpers/browser";

/**
 * Generated from the access table, not written case by case: every route handler and page × every role and
 * signed-out. Denied: 401 signed out, 403 for a role without the permission (pages: redirect to sign-in, 403).
 * Allowed: anything but 401/403 (a 400 for an empty body or a 404 for a made-up id is an allowed call).
 */
const sessions = new Map<Role | "signed-out", Session>();

beforeAll(async () => {
  sessions.set("signed-out", new Session());
  for (const role of ROLES) sessions.set(role, await roleSession(role));
});

function allowed(access: Access, who: Role | "signed-out"): boolean {
  if (access === "public") return true;
  if (who === "signed-out") return false;
  return access === "signed-in" || can(who, access);
}

function concrete(path: string, method: string): string {
  return path.replace("[id]", "999999").replace("[...nextauth]", method === "GET" ? "session" : "signout");
}

const who = ["signed-out", ...ROLES] as const;
const routeCases = Object.entries(ROUTE_ACCESS).flatMap(([key, access]) => who.map((w) => [key, w, access] as const));
const pageCases = Object.entries(PAGE_ACCESS).flatMap(([path, access]) => who.map((w) => [path, w, access] as const));

describe("access matrix: route handlers", () => {
  it.each(routeCases)("%s as %s", async (key, w, access) => {
    const [method = "GET", path = "/"] = key.split(" ");
    const s = sessions.get(w) ?? new Session();
    const res = await s.json(concrete(path, method), method, method === "GET" ? undefined : {});
    if (allowed(access, w)) {
      expect([401, 403]).not.toContain(res.status);
    } else {
      expect(res.status).toBe(w === "signed-out" ? 401 : 403);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe(w === "signed-out" ? "unauthorized" : "forbidden");
    }
  });
});

/** The older addresses of the order pages: they redirect to /payouts/[id] and /payins/[id]. */
const OLD_ORDER_PAGES = new Set(["/orders/payout/[id]", "/orders/payin/[id]"]);

/**
 * An API key holding every scope, approved by a second admin: it reaches exactly the routes that declare a scope
 * (apiRoute's `scope`), and gets 403 everywhere else, however the role of a person would fare there.
 */
describe("access matrix: an API key with every scope", () => {
  let secret = "";
  beforeAll(async () => {
    const admin = sessions.get("admin") ?? new Session();
    const [demo] = await getDb().select().from(merchants).where(eq(merchants.merchantId, demoSecrets().merchantId));
    const res = await admin.json("/api/api-keys", "POST", { name: "Access matrix", credentialIds: [demo?.id], scopes: [...API_SCOPES] });
    const body = (await res.json()) as { secret: string; pendingChange: { id: number } };
    await approveAsSecondAdmin(body.pendingChange.id);
    secret = body.secret;
  });
  const scopes = declaredScopes();
  const keyCases = Object.entries(ROUTE_ACCESS).filter(([, access]) => access !== "public").map(([key]) => [key, scopes.get(key) ?? null] as const);
  it.each(keyCases)("%s by key (scope %s)", async (key, scope) => {
    const [method = "GET", path = "/"] = key.split(" ");
    const res = await fetch(`${baseUrl()}${concrete(path, method)}`, {
      method,
      redirect: "manual",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: method === "GET" ? undefined : "{}",
    });
    if (scope) expect([401, 403]).not.toContain(res.status);
    else expect(res.status).toBe(403);
  });
});

describe("access matrix: pages", () => {
  it.each(pageCases)("%s as %s", async (path, w, access) => {
    const s = sessions.get(w) ?? new Session();
    const res = await s.fetch(path);
    if (allowed(access, w) && OLD_ORDER_PAGES.has(path)) {
      // An order page's older address sends the reader on to the one page of its kind.
      expect(res.status).toBe(307);
      expect(new URL(res.headers.get("location") ?? "", "http://app").pathname).toMatch(path.startsWith("/orders/payout/") ? /^\/payouts\/[^/]+$/ : /^\/payins\/[^/]+$/);
    } else if (allowed(access, w)) {
      // The payer's page for a made-up token is a plain 404 to everyone (a public page behind a token).
      expect(res.status).toBe(path.includes("[token]") ? 404 : 200);
    } else if (w === "signed-out") {
      expect([303, 307]).toContain(res.status);
      expect(res.headers.get("location")).toContain("/sign-in");
    } else {
      expect(res.status).toBe(403);
    }
  });
});

describe("admins are sent only where they may go", () => {
  it("every order link on the callback log opens for an admin, and the order page it opens has no money control", async () => {
    const db = getDb();
    const demo = (await db.select().from(merchants).where(eq(merchants.merchantId, demoSecrets().merchantId)))[0];
    if (!demo) throw new Error("demo merchant missing");
    const [po] = await db
      .insert(payouts)
      .values({
        merchantId: demo.id, region: "TH", orderNo: generateOrderNo("TH"), tradeNo: `T${Date.now()}A`, amountMinor: 270000n, currency: "THB", paymentMethod: "KBANK",
        cashAccount: "4455667788", beneficiaryKey: "KBANK:4455667788", receiverName: "Admin Link", purpose: "Admin link e2e", status: "PROCESSING", contentHash: "e2e",
      })
      .returning();
    const [pi] = await db
      .insert(payins)
      .values({ merchantId: demo.id, region: "TH", orderNo: generateOrderNo("TH"), tradeNo: `T${Date.now()}B`, amountMinor: 30000n, currency: "THB", paymentMethod: "QRPAY", purpose: "Admin link e2e", status: "SUCCESS", finalAt: new Date() })
      .returning();
    if (!po || !pi) throw new Error("orders not created");
    for (const o of [{ payoutId: po.id, tradeNo: po.tradeNo }, { payinId: pi.id, tradeNo: pi.tradeNo }]) {
      await db.insert(callbacks).values({ ...("payoutId" in o ? { payoutId: o.payoutId } : { payinId: o.payinId }), merchantId: demo.id, headers: {}, rawBody: JSON.stringify({ tradeNo: o.tradeNo, status: "SUCCESS" }), signatureValid: true, timestampFresh: true, outcome: "applied" });
    }

    const browser = await launchBrowser();
    try {
      const page = await newPage(browser);
      await page.setViewportSize({ width: 1440, height: 900 });
      const admin = demoUser("admin");
      await signIn(page, admin.email, admin.password);
      await page.goto("/callbacks");
      await page.getByTestId("callback-entry").first().waitFor({ timeout: 20_000 });
      const hrefs = [...new Set(await page.getByTestId("callback-entry").locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? "")))];
      expect(hrefs).toEqual(expect.arrayContaining([`/payouts/${po.id}`, `/payins/${pi.id}`]));
      const refused: string[] = [];
      for (const href of hrefs) {
        const res = await page.request.get(href, { maxRedirects: 0 });
        if (res.status() !== 200) refused.push(`${href} ${res.status()}`); // a page the role may not open answers 403
      }
      expect(refused).toEqual([]);
      await screenshot(page, "h26-admin-callbacks-1440");
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, "h26-admin-callbacks-390");
      await page.setViewportSize({ width: 1440, height: 900 });

      // The read-only order page: the facts and the story, masked; no approve, reject, cancel, note or reveal.
      // The older address of the order page still opens it, by a redirect to the one page.
      const old = await page.request.get(`/orders/payout/${po.id}`, { maxRedirects: 0 });
      expect(old.status()).toBe(307);
      expect(new URL(old.headers().location ?? "", "http://app").pathname).toBe(`/payouts/${po.id}`);
      await page.goto(`/orders/payout/${po.id}`);
      expect(new URL(page.url()).pathname).toBe(`/payouts/${po.id}`);
      await page.getByRole("heading", { name: `Pay-out ${po.orderNo}` }).waitFor({ timeout: 20_000 });
      await page.getByTestId("order-read-only").waitFor();
      expect(await page.getByTestId("order-account").textContent()).toMatch(/^•+7788$/);
      const buttons = await page.locator("main").getByRole("button").allInnerTexts();
      expect(buttons.filter((n) => /approve|reject|cancel|send|pay|retry|create|refund|note|reveal/i.test(n))).toEqual([]);
      expect(await page.locator("main textarea").count()).toBe(0);
      await screenshot(page, "h26-admin-order-1440");
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, "h26-admin-order-390");
    } finally {
      await browser.close();
    }
  }, 120_000);
});
