import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { approvalThresholds, merchantAccounts, merchants, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { isSandboxGatewayUrl } from "@/lib/merchants/gateway-url-policy";
import { merchantSecretAad, privateKeyAad } from "@/lib/merchants/secret-aad";
import { getRegion } from "@/lib/smilepayz/regions";
import type { DemoSecrets } from "./demo-secrets";

/** Maker-checker on the demo credential: at or above these amounts (ordinary units) a second person approves. */
export const DEMO_APPROVAL_THRESHOLDS = [
  { region: "TH", units: 50_000n },
  { region: "PH", units: 50_000n },
  { region: "BR", units: 5_000n },
  { region: "USDT", units: 1_000n },
] as const;

export const DEMO_USERS: ReadonlyArray<{ role: Role; email: string; name: string; password: string }> = [
  { role: "admin", email: "admin@demo.test", name: "Ada Admin", password: "admin-demo-password" },
  // A second admin, so the four-eyes changes (pending changes) can be approved in the demo.
  { role: "admin", email: "admin2@demo.test", name: "Otto Second Admin", password: "admin2-demo-password" },
  { role: "approver", email: "approver@demo.test", name: "Arun Approver", password: "approver-demo-password" },
  { role: "finance", email: "finance@demo.test", name: "Fah Finance", password: "finance-demo-password" },
  { role: "support", email: "support@demo.test", name: "Sam Support", password: "support-demo-password" },
];

export interface DemoAccount {
  currency: string;
  kind: "payin" | "payout";
  accountNo: string;
}

/**
 * The demo merchant credential (kept in step with the configured secrets on every start) and the demo users
 * (created once; their passwords are never reset by a restart).
 * Balance accounts are what the gateway's merchant back office shows. `sandboxAccounts` (what the bundled
 * sandbox answered when the merchant was registered) are stored only when the credential points at that
 * sandbox; pointed at any other gateway, the admin enters the accounts in the credential form, and accounts
 * seeded for a previous base URL are removed (they belong to another gateway).
 */
export async function seedDemo(args: {
  secrets: DemoSecrets;
  baseUrl: string;
  callbackBaseUrl: string;
  accounts: DemoAccount[];
}): Promise<{ createdUsers: number; accountsFromSandbox: boolean }> {
  const accountsFromSandbox = isSandboxGatewayUrl(args.baseUrl);
  const db = getDb();
  const s = args.secrets;
  const values = {
    merchantId: s.merchantId,
    name: "Demo Merchant",
    environment: "custom" as const,
    customBaseUrl: args.baseUrl,
    callbackBaseUrl: args.callbackBaseUrl,
    merchantSecretEnc: encryptSecret(s.merchantSecret, merchantSecretAad(s.merchantId)),
    merchantSecretLast4: s.merchantSecret.slice(-4),
    privateKeyEnc: encryptSecret(s.merchantPrivateKey, privateKeyAad(s.merchantId)),
    publicKey: s.merchantPublicKey,
    platformPublicKey: s.platformPublicKey,
    updatedAt: new Date(),
  };
  let createdUsers = 0;
  await db.transaction(async (tx) => {
    const moved = await tx
      .select({ id: merchants.id })
      .from(merchants)
      .where(and(eq(merchants.merchantId, s.merchantId), ne(merchants.customBaseUrl, args.baseUrl)));
    for (const old of moved) await tx.delete(merchantAccounts).where(eq(merchantAccounts.merchantId, old.id));
    const [m] = await tx
      .insert(merchants)
      .values(values)
      .onConflictDoUpdate({ target: merchants.merchantId, set: values })
      .returning({ id: merchants.id });
    if (!m) throw new Error("demo merchant not stored");
    for (const a of accountsFromSandbox ? args.accounts : []) {
      await tx
        .insert(merchantAccounts)
        .values({ merchantId: m.id, ...a })
        .onConflictDoUpdate({
          target: [merchantAccounts.merchantId, merchantAccounts.currency, merchantAccounts.kind],
          set: { accountNo: a.accountNo },
        });
    }
    // Created once: an admin's later change is kept across restarts.
    for (const t of DEMO_APPROVAL_THRESHOLDS) {
      const region = getRegion(t.region);
      const minAmountMinor = t.units * 10n ** BigInt(region.amount.minorDigits);
      await tx.insert(approvalThresholds).values({ merchantId: m.id, currency: region.currency, minAmountMinor }).onConflictDoNothing();
    }
    for (const u of DEMO_USERS) {
      const exists = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, u.email));
      if (exists.length > 0) continue;
      await tx.insert(users).values({ email: u.email, name: u.name, role: u.role, allMerchants: true, passwordHash: await hashPassword(u.password) });
      createdUsers++;
    }
  });
  return { createdUsers, accountsFromSandbox };
}
