import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { merchants } from "@/db/schema";
import { baseUrl, gatewayUrl, roleSession, type Session } from "./helpers/app";
import { createCredentialApproved } from "./helpers/four-eyes";
import { platformPublicKey } from "./helpers/sandbox-merchant";

/**
 * Issue 17 item 1: an admin pointed a credential's callback base URL at a listener of their own to collect signed
 * callbacks. Through the API as an admin: the same rules as the gateway's base URL, a field-level 400 otherwise.
 */
let admin: Session;
const uid = () => randomBytes(3).toString("hex");
beforeAll(async () => {
  admin = await roleSession("admin");
});

function credential(callbackBaseUrl: string, merchantId = `cb-${uid()}`) {
  return {
    merchantId,
    name: "Callback URL",
    environment: "custom",
    customBaseUrl: gatewayUrl(),
    callbackBaseUrl,
    merchantSecret: "callback-secret-1",
    platformPublicKey: platformPublicKey(),
    accounts: [{ currency: "THB", kind: "payout", accountNo: "1234567890" }],
  };
}

const appPort = () => Number(new URL(baseUrl()).port);
const refused = () => [
  `http://127.0.0.1:${appPort() + 1}`,
  `http://localhost:${appPort()}`,
  `https://127.0.0.1:${appPort()}`,
  "http://[::1]:8080",
  "https://10.0.0.1",
  "https://172.16.5.5",
  "https://192.168.1.1",
  "https://169.254.169.254",
  "https://[fd00::1]",
  "https://[fe80::1]",
  "https://collector.attacker.example",
  "http://collector.attacker.example",
];

describe("a credential's callback base URL", () => {
  it("is refused on its field at create (nothing stored) for another loopback port, private, link-local and unlisted hosts", async () => {
    for (const url of refused()) {
      const body = credential(url);
      const res = await admin.json("/api/merchants", "POST", body);
      expect(res.status, url).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; fields?: Record<string, string> } };
      expect(error.code).toBe("invalid_input");
      expect(error.fields?.callbackBaseUrl, url).toBeTruthy();
      expect(await getDb().select().from(merchants).where(eq(merchants.merchantId, body.merchantId))).toHaveLength(0);
    }
  });

  it("the app's own address is accepted; an edit to another target is refused on its field and changes nothing", async () => {
    const ok = credential(baseUrl());
    const { id } = await createCredentialApproved(admin, ok);
    for (const url of refused()) {
      const res = await admin.json(`/api/merchants/${id}`, "PUT", { ...ok, merchantSecret: "", callbackBaseUrl: url });
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as { error: { fields?: Record<string, string> } }).error.fields?.callbackBaseUrl, url).toBeTruthy();
    }
    const [row] = await getDb().select().from(merchants).where(eq(merchants.id, id));
    expect(row?.callbackBaseUrl).toBe(baseUrl());
  });
});
