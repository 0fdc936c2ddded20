import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { inject } from "vitest";
import type { GatewayContext } from "@/sandbox-gateway";
import { registerMerchant } from "@/sandbox-gateway";
import { parsePrivateKey, publicKeyOf, publicKeyToBase64Der } from "@/lib/smilepayz/keys";
import { demoSecrets } from "./app";

/** The key the sandbox signs callbacks with, as a merchant back office shows it (from the demo secrets). */
export function platformPublicKey(): string {
  return publicKeyToBase64Der(publicKeyOf(parsePrivateKey(demoSecrets().platformPrivateKey)));
}

/**
 * "Upload the public key in the merchant back office" for a test merchant, by the sandbox's own code against
 * its tables: no dependency on the control API or its token. Returns the balance accounts it opened.
 */
export async function registerSandboxMerchant(merchantId: string, merchantSecret: string, publicKey: string) {
  const sql = postgres(inject("e2eDatabaseUrl"), { max: 1, onnotice: () => undefined });
  try {
    const ctx = {
      db: drizzle(sql),
      platformKey: parsePrivateKey(demoSecrets().platformPrivateKey),
      openingBalance: 10_000_000,
      now: () => new Date(),
    } as unknown as GatewayContext;
    const res = await registerMerchant(ctx, merchantId, { merchantSecret, publicKey, name: merchantId });
    if (res.status !== 200) throw new Error(`sandbox refused ${merchantId}: ${JSON.stringify(res.body)}`);
    return (res.body as { accounts: { accountNo: string; currency: string; kind: "payin" | "payout" }[] }).accounts;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
