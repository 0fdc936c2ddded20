import { beforeAll, describe, expect, it } from "vitest";
import type { SandboxGateway } from "@/sandbox-gateway";
import { createSmilepayzClient } from "@/lib/smilepayz/client";
import { getRegion } from "@/lib/smilepayz/regions";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { verifyRequest } from "@/lib/smilepayz/signature";
import type { PayOutRequest } from "@/lib/smilepayz/wire";
import { freePort } from "@/db/free-port";
import { MERCHANT_PRIVATE, MERCHANT_PUBLIC } from "../helpers/fixtures";
import { gatewayForFile, registerTestMerchant, scenario } from "../helpers/gateway";

let gw: SandboxGateway;
let m: Awaited<ReturnType<typeof registerTestMerchant>>;
const TH = getRegion("TH");

const g = gatewayForFile();
beforeAll(async () => {
  gw = g.gw;
  m = await registerTestMerchant(gw);
});

const body = (orderNo: string): PayOutRequest => ({
  orderNo,
  purpose: "Supplier payment",
  merchant: { merchantId: m.merchantId },
  money: { currency: "THB", amount: 1500 },
  paymentMethod: "KBANK",
  cashAccount: "1234567890",
});

describe("client outcome classes", () => {
  it("accepted: code 00 with tradeNo and status, and the exact bytes it sent", async () => {
    const orderNo = generateOrderNo("TH");
    const r = await m.client().payOut(TH, body(orderNo));
    expect(r.outcome).toBe("accepted");
    if (r.outcome !== "accepted") return;
    expect(r.body.tradeNo).toBeTruthy();
    expect(r.body.status).toBe("PROCESSING");
    expect(JSON.parse(r.requestBody)).toEqual(body(orderNo));
    expect(r.requestTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
  });

  it("rejected: a repeated orderNo and a bad field come back with the gateway's code and message", async () => {
    const orderNo = generateOrderNo("TH");
    await m.client().payOut(TH, body(orderNo));
    const dup = await m.client().payOut(TH, body(orderNo));
    expect(dup).toMatchObject({ outcome: "rejected", code: "05" });
    const bad = await m.client().payOut(TH, { ...body(generateOrderNo("TH")), cashAccount: "12" });
    expect(bad.outcome).toBe("rejected");
    if (bad.outcome === "rejected") expect(bad.message).toMatch(/cashAccount/);
    const forced = generateOrderNo("TH");
    await scenario(gw, { orderNo: forced, fate: { requestFault: "reject", rejectCode: "42", rejectMessage: "Channel closed" } });
    expect(await m.client().payOut(TH, body(forced))).toMatchObject({ outcome: "rejected", code: "42", message: "Channel closed" });
  });

  it.each([
    ["timeout", "timeout"],
    ["http_500", "http_5xx"],
    ["reset", "network"],
    ["bad_body", "bad_body"],
  ] as const)("unknown: fault %s is classified as %s", async (fault, reason) => {
    const orderNo = generateOrderNo("TH");
    await scenario(gw, { orderNo, fate: { requestFault: fault } });
    const r = await m.client(800).payOut(TH, body(orderNo));
    expect(r).toMatchObject({ outcome: "unknown", reason });
  });

  it("unknown then found: the gateway kept the order although the answer never came; inquiry-status finds it by orderNo", async () => {
    const orderNo = generateOrderNo("TH");
    await scenario(gw, { orderNo, fate: { requestFault: "accept_then_timeout" } });
    const r = await m.client(800).payOut(TH, body(orderNo));
    expect(r).toMatchObject({ outcome: "unknown", reason: "timeout" });
    const q = await m.client().inquiryStatus(TH, { tradeType: 2, orderNo });
    expect(q.outcome).toBe("accepted");
    if (q.outcome === "accepted") expect(q.body).toMatchObject({ status: "PROCESSING", tradeType: 2 });
    // And a second send with the same orderNo is refused: money is never sent twice.
    expect(await m.client().payOut(TH, body(orderNo))).toMatchObject({ outcome: "rejected", code: "05" });
  });

  it("inquiry-status for an order that does not exist is rejected (nothing to reconcile)", async () => {
    const q = await m.client().inquiryStatus(TH, { tradeType: 2, orderNo: generateOrderNo("TH") });
    expect(q).toMatchObject({ outcome: "rejected", code: "06" });
  });

  it("inquiry-balance answers the pay-out account's balance", async () => {
    const account = m.accounts.find((a) => a.currency === "THB" && a.kind === "payout");
    const q = await m.client().inquiryBalance(TH, { accountNo: account?.accountNo ?? "" });
    expect(q.outcome).toBe("accepted");
    if (q.outcome === "accepted") {
      expect(q.body.accountInfos?.[0]).toMatchObject({ balanceType: "BALANCE", amount: { currency: "THB" } });
    }
  });

  it("not_sent: a broken private key or an unreachable gateway never leaves the machine as a payment", async () => {
    const broken = createSmilepayzClient({ baseUrl: gw.url, merchantId: m.merchantId, merchantSecret: m.merchantSecret, privateKey: "-----BEGIN PRIVATE KEY-----\njunk\n-----END PRIVATE KEY-----", timeoutMs: 1000 });
    expect(await broken.payOut(TH, body(generateOrderNo("TH")))).toMatchObject({ outcome: "not_sent" });
    const closedPort = await freePort(); // nothing listens there
    const nowhere = createSmilepayzClient({ baseUrl: `http://127.0.0.1:${closedPort}`, merchantId: m.merchantId, merchantSecret: m.merchantSecret, privateKey: MERCHANT_PRIVATE, timeoutMs: 1000 });
    expect(await nowhere.payOut(TH, body(generateOrderNo("TH")))).toMatchObject({ outcome: "not_sent" });
  });

  it("signs exactly the bytes it sends", async () => {
    let seen: { body: string; headers: Headers } | undefined;
    const spy: typeof fetch = async (input, init) => {
      seen = { body: String(init?.body), headers: new Headers(init?.headers) };
      return fetch(input, init);
    };
    const c = createSmilepayzClient({ baseUrl: gw.url, merchantId: m.merchantId, merchantSecret: m.merchantSecret, privateKey: MERCHANT_PRIVATE, timeoutMs: 2000, fetch: spy });
    const r = await c.payOut(TH, body(generateOrderNo("TH")));
    expect(r.outcome).toBe("accepted");
    expect(seen?.body).toBe(r.requestBody);
    expect(seen?.headers.get("x-partner-id")).toBe(m.merchantId);
    expect(
      verifyRequest({ timestamp: seen?.headers.get("x-timestamp") ?? "", merchantSecret: m.merchantSecret, body: seen?.body ?? "", signature: seen?.headers.get("x-signature") ?? "", merchantPublicKey: MERCHANT_PUBLIC }),
    ).toBe(true);
  });
});
