import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { merchantAccounts, userMerchants } from "@/db/schema";
import { userCtx, type Ctx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { treatAsBundledSandbox } from "../helpers/gateway";
import { NO_GATEWAY } from "@/lib/merchants/explain-gateway-answer";
import { privateKeyAad } from "@/lib/merchants/secret-aad";
import { testConnection } from "@/lib/merchants/test-connection";
import { privateKeyToBase64Der } from "@/lib/smilepayz/keys";
import { withRollback } from "../helpers/db";
import { createMerchant, createUser } from "../helpers/factories";

/** A fake target on loopback: each path prefix answers one way. SECRET-CONTENT must never come back. */
let server: Server;
let port = 0;
let hits = 0;
const balance = (currency: string, value: string) => ({
  code: "00",
  message: "Successful",
  accountInfos: [{ balanceType: "BALANCE", amount: { currency, value }, availableBalance: { currency, value: "1234.5" } }],
});
beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    const mode = (req.url ?? "").split("/")[1];
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (mode === "html") return res.writeHead(200, { "content-type": "text/html" }).end("<html>SECRET-CONTENT</html>");
    if (mode === "notfound") return res.writeHead(404).end("SECRET-CONTENT");
    if (mode === "nocode") return json(200, { hello: "SECRET-CONTENT" });
    if (mode === "code404") return json(404, { code: "404", message: "SECRET-CONTENT" });
    if (mode === "http500") return json(500, { code: "99", message: "SECRET-CONTENT" });
    if (mode === "redirect") return res.writeHead(302, { location: `http://127.0.0.1:${port}/ok/v2.0/inquiry-balance` }).end();
    if (mode === "reset") return req.socket.destroy();
    if (mode === "code03") return json(200, { code: "03", message: "Unknown X-PARTNER-ID" });
    if (mode === "thb") return json(200, balance("THB", "10000000.00"));
    if (mode === "ok") return json(200, balance("PHP", "10000000.00"));
    return json(404, {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  treatAsBundledSandbox(`http://127.0.0.1:${port}`); // the fake target stands in for the sandbox's own address
  process.env.GATEWAY_TIMEOUT_MS = "3000"; // a README setting, shortened so the timeout cases end quickly
  resetEnvCache();
});
afterAll(() => new Promise((r) => server.close(r)));
afterEach(() => vi.restoreAllMocks());

const privateKey = privateKeyToBase64Der(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);

async function run(baseUrl: string, currency = "PHP") {
  return withRollback(async (tx) => {
    const merchantId = `t-${Math.random().toString(36).slice(2, 10)}`;
    const m = await createMerchant(tx, {
      merchantId,
      environment: "custom",
      customBaseUrl: baseUrl,
      privateKeyEnc: encryptSecret(privateKey, privateKeyAad(merchantId)),
    });
    await tx.insert(merchantAccounts).values({ merchantId: m.id, currency, kind: "payout", accountNo: "1234567890" });
    const u = await createUser(tx, { role: "admin" });
    await tx.insert(userMerchants).values({ userId: u.id, merchantId: m.id });
    const ctx: Ctx = userCtx(tx, { ...u, mustChangePassword: false, totpEnabled: true, sessionId: 0 });
    return testConnection({ ctx, id: m.id, input: {} });
  });
}

describe("test connection: what comes back", () => {
  it.each(["html", "notfound", "nocode", "code404", "http500", "redirect", "reset"])(
    "a non-gateway answer (%s) is one uniform sentence, without the target's content",
    async (mode) => {
      const out = await run(`http://127.0.0.1:${port}/${mode}`);
      expect(out.ok).toBe(false);
      expect(out.lines[0]).toMatchObject({ ok: false, message: NO_GATEWAY.message, raw: NO_GATEWAY.raw });
      expect(JSON.stringify(out)).not.toContain("SECRET");
    },
  );

  it("connection refused reads exactly like a reset or a 404", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    treatAsBundledSandbox(`http://127.0.0.1:${closedPort}`);
    try {
      const refused = await run(`http://127.0.0.1:${closedPort}`);
      expect(refused.lines[0]).toMatchObject({ message: NO_GATEWAY.message, raw: NO_GATEWAY.raw });
    } finally {
      treatAsBundledSandbox(`http://127.0.0.1:${port}`);
    }
  });

  it("a gateway code becomes a sentence saying what to do, with the raw code underneath", async () => {
    const out = await run(`http://127.0.0.1:${port}/code03`);
    expect(out.lines[0]?.message).toBe(
      "Smilepayz does not know this merchant id: check the merchant id, or that the public key was uploaded in the Smilepayz merchant back office.",
    );
    expect(out.lines[0]?.raw).toBe("code 03: Unknown X-PARTNER-ID");
  });

  it("balances come back as minor units (bigint) with available next to them", async () => {
    const out = await run(`http://127.0.0.1:${port}/ok`);
    expect(out.lines[0]).toMatchObject({ ok: true, balance: 1_000_000_000n, available: 123_450n, minorDigits: 2 });
  });

  it("an answer in another currency is an error, never shown as the account's currency", async () => {
    const out = await run(`http://127.0.0.1:${port}/thb`, "PHP");
    expect(out.lines[0]).toMatchObject({ ok: false, raw: "currency THB ≠ PHP" });
    expect(out.lines[0]?.balance).toBeUndefined();
    expect(out.lines[0]?.message).toMatch(/answered in THB for this PHP account/);
  });

  it("a stored base URL that is not allowed is refused before any connection", async () => {
    const spy = vi.spyOn(globalThis, "fetch").mockRejectedValue(new Error("no traffic from this test"));
    const before = hits;
    for (const url of [`http://127.0.0.1:${port + 1}`, "http://10.0.0.1", "https://169.254.169.254", "https://evil.example.com", `http://user:x@127.0.0.1:${port}`]) {
      const err = await run(url).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("invalid_input");
      expect((err as AppError).fields?.customBaseUrl, url).toBeTruthy();
    }
    expect(spy).not.toHaveBeenCalled();
    expect(hits).toBe(before);
  });
});
