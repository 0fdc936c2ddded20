import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { startSandboxGateway, type SandboxGateway } from "@/sandbox-gateway";
import { createSmilepayzClient } from "@/lib/smilepayz/client";
import { MERCHANT_PRIVATE, MERCHANT_PUBLIC, PLATFORM_PRIVATE } from "./fixtures";

/** The control API token of every gateway this process starts; `controlHeaders` puts it on a request. */
export const GATEWAY_TOKEN = randomBytes(24).toString("base64url");
export const controlHeaders = (json = true): Record<string, string> => ({
  authorization: `Bearer ${GATEWAY_TOKEN}`,
  ...(json ? { "content-type": "application/json" } : {}),
});

/** A sandbox gateway on a free port, on the run's test database, with fates that never fire by themselves. */
export async function startTestGateway(defaults?: { minDelayMs?: number; maxDelayMs?: number; successRate?: number; failRate?: number }) {
  const gw = await startSandboxGateway({
    databaseUrl: inject("ownerDatabaseUrl"), // a system of its own, as npm start runs it: the owner role
    port: 0,
    platformPrivateKey: PLATFORM_PRIVATE,
    controlToken: GATEWAY_TOKEN,
    defaults: { successRate: 1, failRate: 0, minDelayMs: 3_600_000, maxDelayMs: 3_600_000, ...defaults },
  });
  treatAsBundledSandbox(gw.url);
  return gw;
}

/** A test file's sandbox gateway: started before the file's tests, closed after them. Read `gw` inside tests and hooks. */
export function gatewayForFile(): { gw: SandboxGateway } {
  const holder = {} as { gw: SandboxGateway };
  beforeAll(async () => {
    holder.gw = await startTestGateway();
  });
  afterAll(() => holder.gw.close());
  return holder;
}

/**
 * Hand this process the bundled sandbox's address exactly as `npm start` hands it to the app (SANDBOX_GATEWAY_URL,
 * scripts/start.ts), so the credential URL policy lets the app reach this gateway. Tests start gateways on free
 * ports in-process instead of through `npm start`, which is why they set it themselves.
 */
export function treatAsBundledSandbox(url: string | undefined): void {
  if (url) process.env.SANDBOX_GATEWAY_URL = url;
  else delete process.env.SANDBOX_GATEWAY_URL;
  resetEnvCache();
}

/** A merchant of its own, registered with the gateway (as if its public key was uploaded to Smilepayz). */
export async function registerTestMerchant(gw: SandboxGateway) {
  const merchantId = `sandbox-${randomBytes(4).toString("hex")}`;
  const merchantSecret = randomBytes(16).toString("hex");
  const res = await fetch(`${gw.url}/sandbox/merchants/${merchantId}`, {
    method: "PUT",
    headers: controlHeaders(),
    body: JSON.stringify({ merchantSecret, publicKey: MERCHANT_PUBLIC }),
  });
  if (!res.ok) throw new Error(`register failed: ${res.status}`);
  const { accounts } = (await res.json()) as { accounts: { accountNo: string; currency: string; kind: string }[] };
  const client = (timeoutMs = 2_000) =>
    createSmilepayzClient({ baseUrl: gw.url, merchantId, merchantSecret, privateKey: MERCHANT_PRIVATE, timeoutMs });
  return { merchantId, merchantSecret, accounts, client };
}

export async function scenario(gw: SandboxGateway, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${gw.url}/sandbox/scenarios`, {
    method: "POST",
    headers: controlHeaders(),
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`scenario refused: ${await res.text()}`);
}

export async function readGatewayOrder(gw: SandboxGateway, key: string) {
  const res = await fetch(`${gw.url}/sandbox/orders/${key}`, { headers: controlHeaders(false) });
  return res.status === 200 ? ((await res.json()) as { order: { status: string; tradeNo: string }; callbackAttempts: { delivered: boolean; httpStatus: number | null; status: string }[] }) : null;
}
