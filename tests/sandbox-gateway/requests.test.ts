import { beforeAll, describe, expect, it } from "vitest";
import type { SandboxGateway } from "@/sandbox-gateway";
import { getRegion } from "@/lib/smilepayz/regions";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { signRequest } from "@/lib/smilepayz/signature";
import { formatTimestamp } from "@/lib/smilepayz/timestamp";
import { MERCHANT_PRIVATE } from "../helpers/fixtures";
import { gatewayForFile, registerTestMerchant } from "../helpers/gateway";

let gw: SandboxGateway;
let m: Awaited<ReturnType<typeof registerTestMerchant>>;
const TH = getRegion("TH");

const g = gatewayForFile();
beforeAll(async () => {
  gw = g.gw;
  m = await registerTestMerchant(gw);
});

function payout(orderNo = generateOrderNo("TH"), overrides: Record<string, unknown> = {}) {
  return {
    orderNo,
    purpose: "Supplier payment",
    merchant: { merchantId: m.merchantId },
    money: { currency: "THB", amount: 1500 },
    paymentMethod: "KBANK",
    cashAccount: "1234567890",
    ...overrides,
  };
}

/** A hand-built request, so each header can be got wrong on purpose. */
async function raw(body: string, h: { timestamp?: string; partner?: string; signature?: string; secret?: string } = {}) {
  const timestamp = h.timestamp ?? formatTimestamp(new Date(), 420);
  const signature =
    h.signature ?? signRequest({ timestamp, merchantSecret: h.secret ?? m.merchantSecret, body, privateKey: MERCHANT_PRIVATE });
  const res = await fetch(`${gw.url}/v2.0/disbursement/pay-out`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-TIMESTAMP": timestamp, "X-PARTNER-ID": h.partner ?? m.merchantId, "X-SIGNATURE": signature },
    body,
  });
  return (await res.json()) as { code: string; message: string; tradeNo?: string; status?: string };
}

describe("sandbox gateway: who may call", () => {
  it("accepts a correctly signed pay-out and answers tradeNo and PROCESSING", async () => {
    const r = await raw(JSON.stringify(payout()));
    expect(r.code).toBe("00");
    expect(r.tradeNo).toMatch(/^12\d{6}[0-9a-f]{16}$/);
    expect(r.status).toBe("PROCESSING");
  });

  it("refuses a bad signature: signed with another secret, or the body changed after signing", async () => {
    const body = JSON.stringify(payout());
    expect((await raw(body, { secret: "not-the-secret" })).code).toBe("01");
    const timestamp = formatTimestamp(new Date(), 420);
    const signature = signRequest({ timestamp, merchantSecret: m.merchantSecret, body, privateKey: MERCHANT_PRIVATE });
    expect((await raw(body.replace("1500", "15000"), { timestamp, signature })).code).toBe("01");
    expect((await raw(body, { signature: "not base64!!" })).code).toBe("01");
  });

  it("refuses a stale timestamp (6 minutes old) and one from the future, even correctly signed", async () => {
    const body = JSON.stringify(payout());
    const stale = formatTimestamp(new Date(Date.now() - 6 * 60_000), 420);
    expect((await raw(body, { timestamp: stale })).code).toBe("02");
    const future = formatTimestamp(new Date(Date.now() + 6 * 60_000), -180);
    expect((await raw(body, { timestamp: future })).code).toBe("02");
    expect((await raw(body, { timestamp: "2026-11-20 10:55:00" })).code).toBe("02");
  });

  it("accepts a fresh timestamp in any region's offset (only the instant counts)", async () => {
    const body = JSON.stringify(payout());
    expect((await raw(body, { timestamp: formatTimestamp(new Date(), -180) })).code).toBe("00");
  });

  it("refuses a wrong partner id", async () => {
    expect((await raw(JSON.stringify(payout()), { partner: "sandbox-nobody" })).code).toBe("03");
  });

  it("refuses a repeated orderNo; of two identical requests at once exactly one is accepted", async () => {
    const orderNo = generateOrderNo("TH");
    const body = JSON.stringify(payout(orderNo));
    const [a, b] = await Promise.all([raw(body), raw(body)]);
    expect([a?.code, b?.code].sort()).toEqual(["00", "05"]);
    expect((await raw(body)).code).toBe("05");
  });

  it.each([
    ["an unknown bank code", { paymentMethod: "NOPE" }],
    ["a 9-digit Thai account", { cashAccount: "123456789" }],
    ["an orderNo with a dash", { orderNo: "TH-2026-000001" }],
    ["a purpose of 65 characters", { purpose: "x".repeat(65) }],
    ["an amount with satang (THB is whole baht)", { money: { currency: "THB", amount: 1500.5 } }],
    ["an amount below the minimum", { money: { currency: "THB", amount: 1 } }],
    ["a merchant id other than the partner id", { merchant: { merchantId: "someone-else" } }],
  ])("refuses %s", async (_label, overrides) => {
    const r = await raw(JSON.stringify(payout(undefined, overrides)));
    expect(r.code).toBe("04");
    expect(r.message.length).toBeGreaterThan(5);
  });

  it("checks region rules through the client too: PH needs receiver.name, BR a valid tax number, USDT a network", async () => {
    const c = m.client();
    const ph = await c.payOut(getRegion("PH"), {
      orderNo: generateOrderNo("PH"), purpose: "Payroll", merchant: { merchantId: m.merchantId },
      money: { currency: "PHP", amount: 150000 }, paymentMethod: "BPI", cashAccount: "123456789012",
    });
    expect(ph.outcome === "rejected" && ph.message).toMatch(/receiver\.name/);
    const br = await c.payOut(getRegion("BR"), {
      orderNo: generateOrderNo("BR"), purpose: "Reembolso", merchant: { merchantId: m.merchantId },
      money: { currency: "BRL", amount: 10000 }, paymentMethod: "CPF", cashAccount: "12532481501",
      receiver: { taxNumber: "12345678900" }, additionalParam: {},
    });
    expect(br.outcome === "rejected" && br.message).toMatch(/taxNumber/);
    const usdt = await c.payOut(getRegion("USDT"), {
      orderNo: generateOrderNo("US"), purpose: "Settlement", merchant: { merchantId: m.merchantId },
      money: { currency: "USDT", amount: 100 }, paymentMethod: "USDT", cashAccount: "THqrAWyupb1ENaiH15rzTQiwjvxGyie6UP",
      network: "BEP20",
    });
    expect(usdt.outcome === "rejected" && usdt.message).toMatch(/cashAccount|network/);
  });

  it("answers a Thai QR pay-in with a cashier URL it serves and a PromptPay payload for payAmount", async () => {
    const r = await m.client().payIn(TH, {
      orderNo: generateOrderNo("TI"), purpose: "ค่าสินค้า", merchant: { merchantId: m.merchantId },
      money: { currency: "THB", amount: 300 }, paymentMethod: "QRPAY", expiryPeriod: 3600,
      payer: { name: "Somchai Saetan", accountNo: "1234567890", bankName: "KBANK" },
    });
    expect(r.outcome).toBe("accepted");
    if (r.outcome !== "accepted") return;
    const payAmount = r.body.money?.payAmount ?? 0;
    expect(payAmount).toBeGreaterThan(299.9);
    expect(payAmount).toBeLessThan(300);
    expect(r.body.channel?.qrString).toContain(`54${String(payAmount.toFixed(2).length).padStart(2, "0")}${payAmount.toFixed(2)}`);
    const page = await fetch(r.body.channel?.paymentUrl ?? "");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(payAmount.toFixed(2));
  });
});
