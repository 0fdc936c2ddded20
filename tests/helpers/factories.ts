import { randomBytes } from "node:crypto";
import type { DbOrTx } from "@/db";
import { merchants, payins, payouts, users } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { beneficiaryKeyOf } from "@/lib/smilepayz/regions";

const uid = () => randomBytes(5).toString("hex");

/** Factories make their own merchant when none is given, so tests never share rows. */
export async function createMerchant(db: DbOrTx, overrides: Partial<typeof merchants.$inferInsert> = {}) {
  const merchantId = overrides.merchantId ?? `test-${uid()}`;
  const [row] = await db
    .insert(merchants)
    .values({
      merchantId,
      name: `Merchant ${merchantId}`,
      environment: "sandbox",
      merchantSecretEnc: encryptSecret("secret-for-tests-0000", `merchants:${merchantId}:merchant_secret`),
      merchantSecretLast4: "0000",
      platformPublicKey: "MIIB",
      ...overrides,
    })
    .returning();
  if (!row) throw new Error("merchant not created");
  return row;
}

export async function createUser(db: DbOrTx, overrides: Partial<typeof users.$inferInsert> = {}) {
  const [row] = await db
    .insert(users)
    .values({ email: `user-${uid()}@test.example`, name: "Test User", role: "finance", passwordHash: "x", ...overrides })
    .returning();
  if (!row) throw new Error("user not created");
  return row;
}

export async function createPayout(db: DbOrTx, overrides: Partial<typeof payouts.$inferInsert> = {}) {
  const merchantId = overrides.merchantId ?? (await createMerchant(db)).id;
  const values = {
    merchantId,
    region: "TH" as const,
    orderNo: `TH${uid()}`.toUpperCase(),
    amountMinor: 150000n,
    currency: "THB",
    paymentMethod: "KBANK",
    cashAccount: "1234567890",
    purpose: "Supplier payment",
    status: "PENDING_APPROVAL" as const,
    contentHash: "factory",
    ...overrides,
  };
  // As the app stores it: the region's key of the row's beneficiary.
  const beneficiaryKey =
    overrides.beneficiaryKey ??
    beneficiaryKeyOf(values.region, { method: values.paymentMethod, account: values.cashAccount, taxNumber: values.taxNumber, network: values.network });
  const [row] = await db
    .insert(payouts)
    .values({ ...values, beneficiaryKey })
    .returning();
  if (!row) throw new Error("payout not created");
  return row;
}

export async function createPayin(db: DbOrTx, overrides: Partial<typeof payins.$inferInsert> = {}) {
  const merchantId = overrides.merchantId ?? (await createMerchant(db)).id;
  const [row] = await db
    .insert(payins)
    .values({
      merchantId,
      region: "TH",
      orderNo: `TI${uid()}`.toUpperCase(),
      amountMinor: 30000n,
      currency: "THB",
      paymentMethod: "QRPAY",
      purpose: "Order 1001",
      status: "CREATING",
      ...overrides,
    })
    .returning();
  if (!row) throw new Error("payin not created");
  return row;
}
