import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { authenticator } from "otplib";
import { approvalThresholds, merchants, users } from "@/db/schema";
import { userCtx, type Ctx } from "@/lib/context";
import { totpAad } from "@/lib/auth/sign-in";
import type { Role } from "@/lib/auth/permissions";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { afterAll, beforeAll } from "vitest";
import { getQueue, QUEUES, stopQueue } from "@/lib/jobs/queue";
import { merchantSecretAad, privateKeyAad } from "@/lib/merchants/secret-aad";
import "@/lib/jobs/queues";
import type { SandboxGateway } from "@/sandbox-gateway";
import { ownerDb, testDb } from "../helpers/db";
import { createUser } from "../helpers/factories";
import { MERCHANT_PRIVATE, MERCHANT_PUBLIC, PLATFORM_PUBLIC } from "../helpers/fixtures";
import { registerTestMerchant, startTestGateway, treatAsBundledSandbox } from "../helpers/gateway";

/** The pay-out queues exist (start-jobs creates them in the app; no workers run in these tests). */
export async function ensureQueues(): Promise<void> {
  const boss = await getQueue();
  for (const [name, options] of Object.entries(QUEUES)) await boss.createQueue(name, options);
}

/** A credential stored in the app and registered with the sandbox gateway, with the demo thresholds for THB. */
export async function gatewayCredential(gw: SandboxGateway, thresholdThb = 50_000_00n) {
  const reg = await registerTestMerchant(gw);
  // The gateway URL policy lets only the bundled sandbox gateway be reached over http://: this one is it.
  treatAsBundledSandbox(gw.url);
  const db = testDb();
  const [m] = await db
    .insert(merchants)
    .values({
      merchantId: reg.merchantId,
      name: `Credential ${reg.merchantId}`,
      environment: "custom",
      customBaseUrl: gw.url,
      merchantSecretEnc: encryptSecret(reg.merchantSecret, merchantSecretAad(reg.merchantId)),
      merchantSecretLast4: reg.merchantSecret.slice(-4),
      privateKeyEnc: encryptSecret(MERCHANT_PRIVATE, privateKeyAad(reg.merchantId)),
      publicKey: MERCHANT_PUBLIC,
      platformPublicKey: PLATFORM_PUBLIC,
    })
    .returning();
  if (!m) throw new Error("credential not stored");
  await db.insert(approvalThresholds).values({ merchantId: m.id, currency: "THB", minAmountMinor: thresholdThb });
  return { m, reg };
}

/** A signed-in person (all merchants) as a route handler would see them; approvers get a TOTP secret. */
export async function person(role: Role, overrides: Partial<typeof users.$inferInsert> = {}) {
  const db = testDb();
  const u = await createUser(db, { role, allMerchants: true, name: `${role} ${randomBytes(3).toString("hex")}`, ...overrides });
  const secret = authenticator.generateSecret(20);
  await db.update(users).set({ totpSecretEnc: encryptSecret(secret, totpAad(u.id)), totpEnabled: true }).where(eq(users.id, u.id));
  const ctx: Ctx = userCtx(db, { id: u.id, email: u.email, name: u.name, role, mustChangePassword: false, totpEnabled: true, sessionId: 0 });
  return { user: u, ctx, code: () => authenticator.generate(secret) };
}

export const thai = (over: Record<string, unknown> = {}) => ({
  credentialId: 0,
  region: "TH",
  method: "KBANK",
  account: "1234567890",
  amount: "1500",
  purpose: "Supplier payment",
  ...over,
});

export const key = () => `test-${randomBytes(8).toString("hex")}`;

/** How many pay-out requests for this orderNo the gateway stored (its unique (merchant, orderNo) makes it 0 or 1). */
export async function gatewayOrders(orderNo: string): Promise<number> {
  const rows = await ownerDb().execute<{ n: number }>(sql`select count(*)::int as n from sandbox_gateway.orders where order_no = ${orderNo}`);
  return rows[0]?.n ?? 0;
}

/** Scheduled (not yet run) jobs of a queue for a pay-out. */
export async function jobsFor(queue: string, payoutId: number): Promise<number> {
  const rows = await testDb().execute<{ n: number }>(
    sql`select count(*)::int as n from pgboss.job where name = ${queue} and data->>'payoutId' = ${String(payoutId)} and state in ('created', 'retry')`,
  );
  return rows[0]?.n ?? 0;
}

export interface Sandbox {
  gw: SandboxGateway;
  cred: Awaited<ReturnType<typeof gatewayCredential>>;
  finance: Awaited<ReturnType<typeof person>>;
}

/**
 * A test file's sandbox: the pay-out queues, a sandbox gateway, a credential on it (THB threshold 50,000.00) and a
 * finance user, made before the file's tests and closed after them. Read its fields inside tests and hooks.
 */
export function sandboxForFile(): Sandbox {
  const sb = {} as Sandbox;
  beforeAll(async () => {
    await ensureQueues();
    sb.gw = await startTestGateway();
    sb.cred = await gatewayCredential(sb.gw);
    sb.finance = await person("finance");
  });
  afterAll(async () => {
    await sb.gw.close();
    await stopQueue();
  });
  return sb;
}
