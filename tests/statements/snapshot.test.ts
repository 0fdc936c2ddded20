import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceSnapshots, merchantAccounts } from "@/db/schema";
import { userCtx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { privateKeyAad } from "@/lib/merchants/secret-aad";
import { privateKeyToBase64Der } from "@/lib/smilepayz/keys";
import { getStatement } from "@/lib/statements/get-statement";
import { dayBoundary, snapshotBalances } from "@/lib/statements/snapshot-balances";
import { withRollback } from "../helpers/db";
import { createMerchant, createUser } from "../helpers/factories";
import { treatAsBundledSandbox } from "../helpers/gateway";

/** A gateway stand-in answering inquiry-balance with `balance` THB. */
let server: Server;
let url = "";
let balance = "12345.67";
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({ code: "00", message: "Successful", accountInfos: [{ balanceType: "BALANCE", amount: { currency: "THB", value: balance }, availableBalance: { currency: "THB", value: balance } }] }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  treatAsBundledSandbox(url);
});
afterAll(() => new Promise((r) => server.close(r)));

const privateKey = privateKeyToBase64Der(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);

describe("balance snapshots for statements", () => {
  it("store each account's inquiry-balance at the day boundary once, and become the statement's opening and closing balance", async () => {
    await withRollback(async (tx) => {
      const merchantId = `snap-${Math.random().toString(36).slice(2, 10)}`;
      const m = await createMerchant(tx, { merchantId, environment: "custom", customBaseUrl: url, privateKeyEnc: encryptSecret(privateKey, privateKeyAad(merchantId)) });
      await tx.insert(merchantAccounts).values({ merchantId: m.id, currency: "THB", kind: "payout", accountNo: `77${m.id}0001` });
      const start = dayBoundary(new Date("2026-11-24T00:00:41Z"));
      expect(start.toISOString()).toBe("2026-11-24T00:00:00.000Z");
      expect(await snapshotBalances(tx, start, [m.id])).toEqual({ stored: 1, failed: 0 });
      expect(await snapshotBalances(tx, start, [m.id])).toEqual({ stored: 0, failed: 0 }); // the same boundary again
      balance = "11000.00";
      expect(await snapshotBalances(tx, new Date("2026-11-25T00:00:00Z"), [m.id])).toEqual({ stored: 1, failed: 0 });
      const rows = await tx.select().from(balanceSnapshots).where(eq(balanceSnapshots.merchantId, m.id));
      expect(rows.map((r) => r.balanceMinor).sort()).toEqual([1100000n, 1234567n]);
      const u = await createUser(tx, { role: "finance", allMerchants: true });
      const s = await getStatement({ ctx: userCtx(tx, { ...u, mustChangePassword: false, totpEnabled: true, sessionId: 0 }), input: { credentialId: m.id, currency: "THB", day: "2026-11-24" } });
      expect(s.opening).toMatchObject({ balanceMinor: "1234567", display: "12,345.67 THB" });
      expect(s.closing).toMatchObject({ balanceMinor: "1100000", display: "11,000.00 THB" });
    });
  });
});
