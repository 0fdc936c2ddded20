import { generateKeyPairSync, randomBytes } from "node:crypto";
import path from "node:path";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { merchantAccounts, merchants } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { seedDemo } from "@/lib/demo/seed-demo";
import { treatAsBundledSandbox } from "../helpers/gateway";
import { accountNoFor, registerMerchant } from "@/sandbox-gateway";
import { gwAccounts, gwMerchants } from "@/sandbox-gateway";
import { parsePrivateKey, privateKeyToBase64Der, publicKeyToBase64Der } from "@/lib/smilepayz/keys";
import { testDb } from "../helpers/db";

const pair = () => {
  const k = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { priv: privateKeyToBase64Der(k.privateKey), pub: publicKeyToBase64Der(k.publicKey) };
};
const merchantId = `demo-${randomBytes(4).toString("hex")}`;
const m = pair();
const p = pair();
const secrets = {
  encryptionKey: "",
  nextauthSecret: "",
  merchantId,
  merchantSecret: "demo-secret-1234",
  merchantPrivateKey: m.priv,
  merchantPublicKey: m.pub,
  platformPrivateKey: p.priv,
  platformPublicKey: p.pub,
  gatewayToken: "seed-test-token-0123456789",
};
const sandboxAccounts = (["payin", "payout"] as const).map((kind) => ({ currency: "THB", kind, accountNo: accountNoFor(merchantId, "THB", kind) }));

beforeAll(() => {
  treatAsBundledSandbox("http://127.0.0.1:4999"); // the address npm start would hand over (no gateway runs here)
});
afterAll(() => resetEnvCache());

async function storedAccounts() {
  const row = (await testDb().select().from(merchants).where(eq(merchants.merchantId, merchantId)))[0];
  if (!row) throw new Error("no demo merchant");
  return testDb().select().from(merchantAccounts).where(eq(merchantAccounts.merchantId, row.id));
}

describe("demo seed: balance accounts", () => {
  it("the sandbox's account numbers are digits", () => {
    for (const a of sandboxAccounts) expect(a.accountNo).toMatch(/^\d{16}$/);
    expect(accountNoFor(merchantId, "THB", "payout")).toBe(accountNoFor(merchantId, "THB", "payout"));
    expect(accountNoFor(merchantId, "THB", "payout")).not.toBe(accountNoFor(merchantId, "THB", "payin"));
  });

  it("stores the sandbox's accounts when the credential points at the sandbox", async () => {
    const out = await seedDemo({ secrets, baseUrl: "http://127.0.0.1:4999", callbackBaseUrl: "http://127.0.0.1:3000", accounts: sandboxAccounts });
    expect(out.accountsFromSandbox).toBe(true);
    expect((await storedAccounts()).map((a) => a.accountNo).sort()).toEqual(sandboxAccounts.map((a) => a.accountNo).sort());
  });

  it("pointed at another gateway, stores none of them and drops those seeded for the sandbox", async () => {
    const out = await seedDemo({ secrets, baseUrl: "https://sandbox-gateway.smilepayz.com", callbackBaseUrl: "http://127.0.0.1:3000", accounts: sandboxAccounts });
    expect(out.accountsFromSandbox).toBe(false);
    expect(await storedAccounts()).toEqual([]);
  });

  it("keeps what the admin entered for that gateway across restarts", async () => {
    const row = (await testDb().select().from(merchants).where(eq(merchants.merchantId, merchantId)))[0];
    if (!row) throw new Error("no demo merchant");
    await testDb().insert(merchantAccounts).values({ merchantId: row.id, currency: "PHP", kind: "payout", accountNo: "200012345678" });
    await seedDemo({ secrets, baseUrl: "https://sandbox-gateway.smilepayz.com", callbackBaseUrl: "http://127.0.0.1:3000", accounts: sandboxAccounts });
    expect((await storedAccounts()).map((a) => a.accountNo)).toEqual(["200012345678"]);
  });
});

// The sandbox's registration is what the demo seed's accounts come from when it points at the sandbox.
describe("sandbox registration: account numbers", () => {
  it("an account opened under the old numbering takes the digit number and keeps its balance", async () => {
    const sql = postgres(inject("ownerDatabaseUrl"), { max: 1, onnotice: () => undefined }); // the sandbox's tables: the owner
    try {
      const db = drizzle(sql);
      await migrate(db, { migrationsFolder: path.resolve("drizzle/sandbox-gateway"), migrationsSchema: "drizzle", migrationsTable: "__sandbox_gateway_migrations" });
      const id = `old-${randomBytes(4).toString("hex")}`;
      const ctx = { db, platformKey: parsePrivateKey(p.priv), openingBalance: 10_000_000, now: () => new Date() } as never;
      await db.insert(gwMerchants).values({ merchantId: id, name: id, merchantSecret: "x", publicKey: m.pub });
      await db.insert(gwAccounts).values({ accountNo: `${id}-THB-OUT`, merchantId: id, currency: "THB", kind: "payout", balance: 42n });
      const res = await registerMerchant(ctx, id, { merchantSecret: "demo-secret-1234", publicKey: m.pub });
      expect(res.status).toBe(200);
      const rows = await db.select().from(gwAccounts).where(eq(gwAccounts.merchantId, id));
      const thbOut = rows.find((r) => r.currency === "THB" && r.kind === "payout");
      expect(thbOut).toMatchObject({ accountNo: accountNoFor(id, "THB", "payout"), balance: 42n });
      for (const r of rows) expect(r.accountNo).toMatch(/^\d{16}$/);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
