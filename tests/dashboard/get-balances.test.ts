import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { merchantAccounts, userMerchants } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { getDashboardBalances } from "@/lib/dashboard/get-balances";
import { privateKeyAad } from "@/lib/merchants/secret-aad";
import { privateKeyToBase64Der } from "@/lib/smilepayz/keys";
import { ctxFor } from "../helpers/ctx";
import { withRollback } from "../helpers/db";
import { createMerchant, createUser } from "../helpers/factories";
import { treatAsBundledSandbox } from "../helpers/gateway";

/** A gateway stand-in that answers every inquiry-balance with THB 10,000,000.00. */
let server: Server;
let url = "";
beforeAll(async () => {
  server = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        code: "00",
        message: "Successful",
        accountInfos: [{ balanceType: "BALANCE", amount: { currency: "THB", value: "10000000.00" }, availableBalance: { currency: "THB", value: "10000000.00" } }],
      }),
    ),
  );
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

      const shown = await getDashboardBalances({ ctx: ctxFor(tx, u), input: { refresh: true } });
      const byId = new Map(shown.map((c) => [c.credentialId, c.lines]));
      expect(byId.get(good.id)).toMatchObject([{ currency: "THB", kind: "payout", ok: true, balanceDisplay: "10,000,000.00 THB" }]);
      expect(byId.get(noKey.id)).toMatchObject([{ ok: false, balanceDisplay: null, message: expect.stringMatching(/no private key/) }]);
      expect(byId.get(refused.id)).toMatchObject([{ ok: false, balanceDisplay: null, message: expect.stringMatching(/base URL is not allowed/) }]);
    });
  });
});
