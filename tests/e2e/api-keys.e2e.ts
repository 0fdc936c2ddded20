import { randomBytes } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, merchants } from "@/db/schema";
import { baseUrl, demoSecrets, freshUser, roleSession, signedIn, type Session } from "./helpers/app";
import { launchBrowser, newPage, openDialogText, screenshot, signIn } from "./helpers/browser";
import { approveAsSecondAdmin } from "./helpers/four-eyes";

/** Machines through the running app: Bearer only (no cookie, no CSRF token), on the routes of the key's scopes. */
let admin: Session;
let credentialId = 0;
beforeAll(async () => {
  const u = await freshUser("admin", { allMerchants: true });
  admin = await signedIn(u.email, u.password, u.secret);
  const [m] = await getDb().select().from(merchants).where(eq(merchants.merchantId, demoSecrets().merchantId));
  credentialId = m?.id ?? 0;
});

const asKey = (secret: string, path: string, init: { method?: string; body?: unknown; idem?: string } = {}) =>
  fetch(`${baseUrl()}${path}`, {
    method: init.method ?? "GET",
    redirect: "manual",
    headers: {
      authorization: `Bearer ${secret}`,
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(init.idem ? { "idempotency-key": init.idem } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const payoutBody = (amount = "1,200") => ({ credentialId, region: "TH", method: "KBANK", account: "5566778899", amount, purpose: "API key e2e" });
const idem = () => `key-e2e-${randomBytes(6).toString("hex")}`;

async function makeKey(scopes: string[]): Promise<{ id: number; prefix: string; secret: string; pendingChangeId: number | null; status: number }> {
  const res = await admin.json("/api/api-keys", "POST", { name: `E2E ${scopes.join(" ")} ${randomBytes(2).toString("hex")}`, credentialIds: [credentialId], scopes });
  const body = (await res.json()) as { apiKey: { id: number; prefix: string }; secret: string; pendingChange: { id: number } | null };
  return { ...body.apiKey, secret: body.secret, pendingChangeId: body.pendingChange?.id ?? null, status: res.status };
}

describe("API keys over HTTP", () => {
  let pay: Awaited<ReturnType<typeof makeKey>>;

  it("a pay-out key waits for a second admin, then creates a pay-out with Bearer alone, audited as the key", async () => {
    pay = await makeKey(["payouts:write", "payouts:read"]);
    expect(pay.status).toBe(202);
    expect((await asKey(pay.secret, "/api/payouts", { method: "POST", body: payoutBody(), idem: idem() })).status).toBe(403);
    await approveAsSecondAdmin(pay.pendingChangeId ?? 0);

    const res = await asKey(pay.secret, "/api/payouts", { method: "POST", body: payoutBody(), idem: idem() });
    const text = await res.text();
    expect(res.status, text).toBe(201);
    const { payout } = JSON.parse(text) as { payout: { id: number; status: string } };
    expect(payout.status).toBe("APPROVED");
    expect((await asKey(pay.secret, `/api/payouts/${payout.id}`)).status).toBe(200);
    // The Idempotency-Key is still required.
    expect((await asKey(pay.secret, "/api/payouts", { method: "POST", body: payoutBody() })).status).toBe(400);
    const rows = await getDb().select().from(auditLog).where(eq(auditLog.actorKind, "api_key"));
    expect(rows.some((r) => r.action === "payout.created" && r.actorName?.includes(pay.prefix))).toBe(true);
    const list = (await (await admin.fetch("/api/api-keys")).json()) as { items: { id: number; lastUsedAt: string | null; lastUsedIp: string | null }[] };
    expect(list.items.find((k) => k.id === pay.id)).toMatchObject({ lastUsedAt: expect.any(String), lastUsedIp: expect.any(String) });
  });

  it("the key is refused on users, approvals, pending changes, keys and everything without a scope", async () => {
    const res = await asKey(pay.secret, "/api/payouts", { method: "POST", body: payoutBody("70,000"), idem: idem() });
    const { payout } = (await res.json()) as { payout: { id: number; status: string } };
    expect(payout.status).toBe("PENDING_APPROVAL");
    expect((await asKey(pay.secret, "/api/users")).status).toBe(403);
    expect((await asKey(pay.secret, `/api/payouts/${payout.id}/approve`, { method: "POST", body: { code: "123456", contentHash: "x" } })).status).toBe(403);
    expect((await asKey(pay.secret, "/api/payouts/approve", { method: "POST", body: {} })).status).toBe(403);
    expect((await asKey(pay.secret, "/api/pending-changes/1/approve", { method: "POST", body: { code: "123456" } })).status).toBe(403);
    expect((await asKey(pay.secret, "/api/api-keys", { method: "POST", body: { name: "more", credentialIds: [credentialId], scopes: ["payouts:read"] } })).status).toBe(403);
    expect((await asKey(pay.secret, "/api/merchants")).status).toBe(403);
  });

  it("a key without payouts:write gets 403 on POST /api/payouts", async () => {
    const read = await makeKey(["payouts:read", "orders:read"]);
    expect(read.status).toBe(201);
    expect((await asKey(read.secret, "/api/payouts", { method: "POST", body: payoutBody(), idem: idem() })).status).toBe(403);
    expect((await asKey(read.secret, "/api/orders?q=TH2026")).status).toBe(200);
  });

  it("after a roll the old secret works during the overlap; a roll without overlap stops it; a revoked key gets 401", async () => {
    const k = await makeKey(["payins:read"]);
    const r1 = (await (await admin.json(`/api/api-keys/${k.id}/roll`, "POST", { overlapMinutes: 60 })).json()) as { secret: string };
    expect((await asKey(k.secret, "/api/payins")).status).toBe(200);
    expect((await asKey(r1.secret, "/api/payins")).status).toBe(200);
    const r2 = (await (await admin.json(`/api/api-keys/${k.id}/roll`, "POST", { overlapMinutes: 0 })).json()) as { secret: string };
    expect((await asKey(r1.secret, "/api/payins")).status).toBe(401);
    expect((await asKey(r2.secret, "/api/payins")).status).toBe(200);
    expect((await admin.json(`/api/api-keys/${k.id}/revoke`, "POST", {})).status).toBe(200);
    const gone = await asKey(r2.secret, "/api/payins");
    expect(gone.status).toBe(401);
    expect(await gone.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("GET /api/openapi.json is a valid OpenAPI 3.1 document with pay-outs and pay-ins, for signed-in people", async () => {
    const finance = await roleSession("finance");
    const res = await finance.fetch("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    const v = await new Validator().validate(doc as never);
    expect(v.errors ?? []).toEqual([]);
    expect(v.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/payouts", "/api/payins", "/api/orders", "/api/api-keys"]));
    expect((await fetch(`${baseUrl()}/api/openapi.json`)).status).toBe(401);
  });
});

describe("API keys page and API documentation at 390 px", () => {
  const browser = launchBrowser();
  afterAll(async () => (await browser).close());

  it("an admin creates a key, sees its secret once with a copy button, and revokes it after a confirmation naming the consequence", async () => {
    const page = await newPage(await browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, "admin@demo.test", "admin-demo-password");
    await page.goto("/api-keys");
    const name = `Phone key ${randomBytes(2).toString("hex")}`;
    await page.getByLabel("Name (which machine uses it)").fill(name);
    await page.getByRole("checkbox").first().check();
    await page.getByLabel(/Look up orders/).check();
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = (await page.getByTestId("api-key-secret-value").textContent()) ?? "";
    expect(secret).toMatch(/^spz_[a-z2-7]{10}_/);
    await expect.poll(() => page.getByTestId("copy-secret").isVisible()).toBe(true);
    expect(await page.getByTestId("api-key-secret").textContent()).toContain("shown only now");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "api-keys-created-390");
    const row = page.getByTestId(`api-key-row-${secret.slice(4, 14)}`);
    await row.getByRole("button", { name: /Revoke/ }).click();
    expect(await openDialogText(page)).toContain("refused from its next request on");
    await page.getByRole("button", { name: "Revoke key" }).click();
    await expect.poll(() => row.getByTestId("api-key-status").textContent()).toContain("Revoked");
    expect((await asKey(secret, "/api/orders")).status).toBe(401);
  });

  it("the API documentation lists the operations with their parameters, readable at 390 px", async () => {
    const page = await newPage(await browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, "support@demo.test", "support-demo-password");
    await page.goto("/docs/api");
    expect(await page.getByTestId("api-operation").count()).toBeGreaterThanOrEqual(10);
    const text = (await page.locator("main").textContent()) ?? "";
    for (const s of ["/api/payouts", "/api/payins", "/api/orders", "Idempotency-Key", "payouts:write", "credentialId"]) expect(text).toContain(s);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "api-docs-390");
  });
});
