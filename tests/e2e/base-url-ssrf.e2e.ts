import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { merchantAccounts, merchants } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { NO_GATEWAY } from "@/lib/merchants/explain-gateway-answer";
import { baseUrl, gatewayUrl, roleSession, type Session } from "./helpers/app";
import { createCredentialApproved } from "./helpers/four-eyes";
import { platformPublicKey } from "./helpers/sandbox-merchant";

/**
 * Issue 12 item 9: a credential's base URL as a port scanner. Every attempt goes through the API as an admin.
 * A listener on a loopback port counts connections: it must see none. Non-loopback targets are refused by
 * validation before anything is stored, so no test here can make the server connect to them.
 */
let admin: Session;
let listener: Server;
let listenerPort = 0;
let connections = 0;
const uid = () => randomBytes(3).toString("hex");

beforeAll(async () => {
  admin = await roleSession("admin");
  listener = createServer((s: Socket) => {
    connections++;
    s.end("HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n\r\n<html>TARGET-CONTENT</html>");
  });
  await new Promise<void>((r) => listener.listen(0, "127.0.0.1", r));
  listenerPort = (listener.address() as { port: number }).port;
});
afterAll(() => new Promise((r) => listener.close(r)));

function credential(customBaseUrl: string, merchantId = `ssrf-${uid()}`) {
  return {
    merchantId,
    name: "Scanner",
    environment: "custom",
    customBaseUrl,
    merchantSecret: "scanner-secret-1",
    platformPublicKey: platformPublicKey(),
    accounts: [{ currency: "THB", kind: "payout", accountNo: "1234567890" }],
  };
}

const appPort = () => new URL(baseUrl()).port;
const scanUrls = () => [
  `http://127.0.0.1:${listenerPort}`,
  `http://localhost:${listenerPort}`,
  `http://2130706433:${listenerPort}`,
  `https://127.0.0.1:${listenerPort}`,
  `http://127.0.0.1:${appPort()}`,
  `http://127.0.0.1:5432`,
  `http://[::1]:${listenerPort}`,
  "https://169.254.169.254",
  "http://169.254.169.254/latest/meta-data",
  "http://[::ffff:a9fe:a9fe]",
  "http://10.0.0.1",
  "https://10.0.0.1:8443",
  "https://192.168.1.1",
  "https://172.16.0.1",
  "https://metadata.google.internal",
  `http://admin:pw@127.0.0.1:${new URL(gatewayUrl()).port}`,
  `ftp://127.0.0.1:${listenerPort}`,
  "https://evil.example.com",
  "https://gateway.smilepayz.com:8443",
];

describe("item 9: the base URL is not a port scanner", () => {
  it("creating a credential with a scan URL is refused on the field, before anything is stored or contacted", async () => {
    for (const url of scanUrls()) {
      const body = credential(url);
      const started = Date.now();
      const res = await admin.json("/api/merchants", "POST", body);
      const text = await res.text();
      expect(res.status, url).toBe(400);
      const err = (JSON.parse(text) as { error: { code: string; fields?: Record<string, string> } }).error;
      expect(err.code, url).toBe("invalid_input");
      expect(err.fields?.customBaseUrl, url).toBeTruthy();
      expect(text).not.toContain("TARGET-CONTENT");
      // Answered at once: no connection attempt waited for an unreachable address.
      expect(Date.now() - started, url).toBeLessThan(3_000);
      expect(await getDb().$count(merchants, eq(merchants.merchantId, body.merchantId)), url).toBe(0);
    }
    expect(connections).toBe(0);
  });

  it("editing an existing credential to a scan URL is refused the same way", async () => {
    const ok = credential(gatewayUrl());
    const { id } = await createCredentialApproved(admin, ok);
    for (const url of scanUrls()) {
      const res = await admin.json(`/api/merchants/${id}`, "PUT", { ...ok, merchantSecret: "", customBaseUrl: url });
      expect(res.status, url).toBe(400);
      const err = ((await res.json()) as { error: { fields?: Record<string, string> } }).error;
      expect(err.fields?.customBaseUrl, url).toBeTruthy();
    }
    const row = (await getDb().select().from(merchants).where(eq(merchants.id, id)))[0];
    expect(row?.customBaseUrl).toBe(gatewayUrl());
    expect(connections).toBe(0);
  });

  it("a stored row that points at another loopback port is refused by test connection, without connecting", async () => {
    const merchantId = `legacy-${uid()}`;
    // As a row written before the allow-list existed.
    const [row] = await getDb()
      .insert(merchants)
      .values({
        merchantId,
        name: "Legacy",
        environment: "custom",
        customBaseUrl: `http://127.0.0.1:${listenerPort}`,
        merchantSecretEnc: encryptSecret("legacy-secret-1", `merchants:${merchantId}:merchant_secret`),
        merchantSecretLast4: "et-1",
        platformPublicKey: platformPublicKey(),
      })
      .returning();
    if (!row) throw new Error("not stored");
    const keys = await admin.json(`/api/merchants/${row.id}/key-pair`, "POST", {});
    expect(keys.status).toBe(200);
    // One balance account, so test connection really would call the target if the URL were not refused.
    await getDb().insert(merchantAccounts).values({ merchantId: row.id, currency: "THB", kind: "payout", accountNo: "1234567890" });
    const res = await admin.json(`/api/merchants/${row.id}/test-connection`, "POST", {});
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).toMatch(/base URL is not allowed/);
    expect(text).not.toContain("TARGET-CONTENT");
    expect(connections).toBe(0);
  });

  it("an allowed host that is not a gateway gets one uniform sentence, without its content or status", async () => {
    // The sandbox's own origin with a path it does not serve: it answers 404 {"code":"404","message":"Not found"}.
    const body = credential(`${gatewayUrl()}/not-a-gateway`);
    const { id } = await createCredentialApproved(admin, body);
    expect((await admin.json(`/api/merchants/${id}/key-pair`, "POST", {})).status).toBe(200);
    const res = await admin.json(`/api/merchants/${id}/test-connection`, "POST", {});
    expect(res.status).toBe(200);
    const text = await res.text();
    const out = JSON.parse(text) as { ok: boolean; lines: { message: string; raw: string }[] };
    expect(out.ok).toBe(false);
    expect(out.lines[0]).toMatchObject({ message: NO_GATEWAY.message, raw: NO_GATEWAY.raw });
    expect(text).not.toMatch(/Not found|404/);
  });
});
