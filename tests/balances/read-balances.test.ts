import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { merchantAccounts, userMerchants } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { readBalances } from "@/lib/balances/read-balances";
import { getPayoutBalance } from "@/lib/payouts/get-balance";
import { privateKeyAad } from "@/lib/merchants/secret-aad";
import { privateKeyToBase64Der } from "@/lib/smilepayz/keys";
import { ctxFor } from "../helpers/ctx";
import { withRollback } from "../helpers/db";
import { createMerchant, createPayout, createUser } from "../helpers/factories";
import { treatAsBundledSandbox } from "../helpers/gateway";

/** A gateway stand-in that answers every inquiry-balance with `gatewayBalance` THB (10,000,000.00 unless a test moves it). */
let server: Server;
let url = "";
let gatewayBalance = "10000000.00";
let asked = 0;
beforeAll(async () => {
  server = createServer((_req, res) => {
    asked += 1;
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        code: "00",
        message: "Successful",
        accountInfos: [{ balanceType: "BALANCE", amount: { currency: "THB", value: gatewayBalance }, availableBalance: { currency: "THB", value: gatewayBalance } }],
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  treatAsBundledSandbox(url); // the stand-in takes the bundled sandbox's place, so the URL policy lets it be asked
});
afterAll(() => new Promise((r) => server.close(r)));

const privateKey = privateKeyToBase64Der(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);

describe("dashboard balances", () => {
  it("a credential that cannot be asked (no key pair, a base URL no longer allowed) shows why on its own line; the others still show their balances", async () => {
    await withRollback(async (tx) => {
      const u = await createUser(tx, { role: "finance" });
      const add = async (name: string, o: { customBaseUrl: string; withKey: boolean }) => {
        const merchantId = `b-${Math.random().toString(36).slice(2, 10)}`;
        const m = await createMerchant(tx, {
          merchantId,
          name,
          environment: "custom",
          customBaseUrl: o.customBaseUrl,
          ...(o.withKey ? { privateKeyEnc: encryptSecret(privateKey, privateKeyAad(merchantId)) } : {}),
        });
        await tx.insert(merchantAccounts).values({ merchantId: m.id, currency: "THB", kind: "payout", accountNo: `99${m.id}0001` });
        await tx.insert(userMerchants).values({ userId: u.id, merchantId: m.id });
        return m;
      };
      const good = await add("A good one", { customBaseUrl: url, withKey: true });
      const noKey = await add("B without a key pair", { customBaseUrl: url, withKey: false });
      const refused = await add("C with a refused URL", { customBaseUrl: "http://127.0.0.1:1", withKey: true });

      const shown = await readBalances({ ctx: ctxFor(tx, u), input: { refresh: true } });
      const byId = new Map(shown.map((c) => [c.credentialId, c.lines]));
      expect(byId.get(good.id)).toMatchObject([{ currency: "THB", kind: "payout", ok: true, balanceDisplay: "10,000,000.00 THB" }]);
      expect(byId.get(noKey.id)).toMatchObject([{ ok: false, balanceDisplay: null, message: expect.stringMatching(/no private key/) }]);
      expect(byId.get(refused.id)).toMatchObject([{ ok: false, balanceDisplay: null, message: expect.stringMatching(/base URL is not allowed/) }]);
    });
  });

  it("a balance is asked again once an order of its account settles, and the overview and the pay-out form show the same answer", async () => {
    await withRollback(async (tx) => {
      gatewayBalance = "10000000.00";
      const u = await createUser(tx, { role: "finance" });
      const merchantId = `s-${Math.random().toString(36).slice(2, 10)}`;
      const m = await createMerchant(tx, { merchantId, name: "Settles", environment: "custom", customBaseUrl: url, privateKeyEnc: encryptSecret(privateKey, privateKeyAad(merchantId)) });
      await tx.insert(merchantAccounts).values({ merchantId: m.id, currency: "THB", kind: "payout", accountNo: `98${m.id}0001` });
      await tx.insert(userMerchants).values({ userId: u.id, merchantId: m.id });
      const ctx = ctxFor(tx, u);
      const overview = async () => (await readBalances({ ctx, input: {} })).find((c) => c.credentialId === m.id)?.lines[0]?.balanceDisplay;

      expect(await overview()).toBe("10,000,000.00 THB");
      // The gateway's balance moves, but nothing of this account settled: the cached answer stands (no inquiry per view).
      gatewayBalance = "9701401.00";
      const before = asked;
      expect(await overview()).toBe("10,000,000.00 THB");
      expect(asked).toBe(before);

      // A pay-out of the account reaches SUCCESS: the next read asks the gateway again, without a refresh.
      await createPayout(tx, { merchantId: m.id, region: "TH", currency: "THB", amountMinor: 29859900n, status: "SUCCESS", finalAt: new Date() });
      expect(await overview()).toBe("9,701,401.00 THB");
      const form = await getPayoutBalance({ ctx, input: { credentialId: m.id, region: "TH" } });
      expect([form.availableDisplay, form.checkedAt]).toEqual(["9,701,401.00 THB", (await readBalances({ ctx, input: {} })).find((c) => c.credentialId === m.id)?.lines[0]?.checkedAt]);
    });
  });
});
