import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, webhookEndpoints } from "@/db/schema";
import { userCtx } from "@/lib/context";
import { AppError, fieldsFromIssues } from "@/lib/errors";
import { createEndpoint } from "@/lib/webhooks/create-endpoint";
import { createEndpointSchema } from "@/lib/webhooks/schemas";
import { isPublicAddress } from "@/lib/webhooks/webhook-url";
import { testDb } from "../helpers/db";
import { restoreEnvAfterEach, withEnv } from "../helpers/env";
import { createMerchant, createUser } from "../helpers/factories";

restoreEnvAfterEach();
const db = () => testDb();

async function adminCtx(overrides: { allMerchants?: boolean } = { allMerchants: true }) {
  const u = await createUser(db(), { role: "admin", totpEnabled: true, ...overrides });
  return userCtx(db(), { ...u, mustChangePassword: false, totpEnabled: true, sessionId: 0 });
}

/** What the route answers: the schema's field errors, else the verb's. */
async function fieldsFor(body: unknown): Promise<Record<string, string> | "created"> {
  const parsed = createEndpointSchema.safeParse(body);
  if (!parsed.success) return fieldsFromIssues(parsed.error.issues);
  try {
    await createEndpoint({ ctx: await adminCtx(), input: parsed.data });
    return "created";
  } catch (e) {
    if (e instanceof AppError && e.code === "invalid_input") return e.fields ?? {};
    throw e;
  }
}

describe("webhook endpoint URLs", () => {
  it("refuses http, private, loopback, link-local and inside names with a message on the url field", async () => {
    const m = await createMerchant(db());
    const bad = [
      "http://erp.example.com/hook",
      "https://10.1.2.3/hook",
      "https://192.168.0.10/hook",
      "https://172.20.0.1/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://127.0.0.1:8443/hook",
      "https://2130706433/hook",
      "https://localhost/hook",
      "https://[::1]/hook",
      "https://[fd00::1]/hook",
      "https://erp.internal/hook",
      "https://intranet/hook",
      "ftp://erp.example.com/hook",
      "https://user:pass@erp.example.com/hook",
      "not a url",
      "https://erp.example.com/hook#frag",
    ];
    for (const url of bad) {
      const fields = await fieldsFor({ credentialId: m.id, url, events: ["payout.succeeded"] });
      expect(fields, url).not.toBe("created");
      expect(Object.keys(fields), url).toEqual(["url"]);
    }
    expect(await db().$count(webhookEndpoints, eq(webhookEndpoints.merchantId, m.id))).toBe(0);
  });

  it("accepts https to a public host, and a loopback host only when it is on WEBHOOK_HOST_ALLOWLIST", async () => {
    const m = await createMerchant(db());
    expect(await fieldsFor({ credentialId: m.id, url: "https://erp.example.com/smilepayz", events: ["payout.succeeded"] })).toBe("created");
    expect(await fieldsFor({ credentialId: m.id, url: "https://127.0.0.1:9443/hook", events: ["payout.failed"] })).toHaveProperty("url");
    withEnv({ WEBHOOK_HOST_ALLOWLIST: "127.0.0.1:9443, erp.corp" });
    expect(await fieldsFor({ credentialId: m.id, url: "https://127.0.0.1:9443/hook", events: ["payout.failed"] })).toBe("created");
    expect(await fieldsFor({ credentialId: m.id, url: "https://erp.corp/hook", events: ["payout.failed"] })).toBe("created");
    expect(await fieldsFor({ credentialId: m.id, url: "https://127.0.0.1:9444/hook", events: ["payout.failed"] })).toHaveProperty("url"); // another port
    expect(await fieldsFor({ credentialId: m.id, url: "http://127.0.0.1:9443/hook", events: ["payout.failed"] })).toHaveProperty("url"); // https always
  });

  it("refuses unknown events, no events and a credential outside the admin's merchants on their own fields", async () => {
    const m = await createMerchant(db());
    expect(await fieldsFor({ credentialId: m.id, url: "https://erp.example.com/h", events: [] })).toHaveProperty("events");
    expect(Object.keys(await fieldsFor({ credentialId: m.id, url: "https://erp.example.com/h", events: ["payout.refunded"] })).join()).toMatch(/^events/);
    expect(await fieldsFor({ credentialId: 0, url: "https://erp.example.com/h", events: ["payout.failed"] })).toHaveProperty("credentialId");
    const scoped = await adminCtx({ allMerchants: false });
    await expect(createEndpoint({ ctx: scoped, input: { credentialId: m.id, url: "https://erp.example.com/h", events: ["payout.failed"] } })).rejects.toMatchObject({ fields: { credentialId: expect.any(String) } });
  });

  it("shows the secret once, stores it encrypted, and audits the new endpoint without it", async () => {
    const m = await createMerchant(db());
    const ctx = await adminCtx();
    const { endpoint, secret } = await createEndpoint({ ctx, input: createEndpointSchema.parse({ credentialId: String(m.id), url: " https://erp.example.com/h ", events: ["payout.succeeded", "payout.succeeded"] }) });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(endpoint.events).toEqual(["payout.succeeded"]);
    expect(JSON.stringify(endpoint)).not.toContain(secret);
    const [row] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row?.secretEnc).toMatch(/^v1:/);
    expect(row?.secretEnc).not.toContain(secret.slice(6));
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.targetType, "webhook_endpoint"), eq(auditLog.targetId, String(endpoint.id))));
    expect(audits.map((a) => a.action)).toEqual(["webhook_endpoint.created"]);
    expect(JSON.stringify(audits)).not.toContain(secret);
  });

  it("classifies resolved addresses: only public ones are reached without the allow-list", () => {
    for (const a of ["127.0.0.1", "10.0.0.5", "169.254.169.254", "::1", "fd12::1", "fe80::1", "::ffff:192.168.1.1", "0.0.0.0", "::"]) expect(isPublicAddress(a), a).toBe(false);
    for (const a of ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"]) expect(isPublicAddress(a), a).toBe(true);
  });
});
