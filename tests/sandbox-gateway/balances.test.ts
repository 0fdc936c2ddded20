import { beforeAll, describe, expect, it } from "vitest";
import type { SandboxGateway } from "@/sandbox-gateway";
import { getRegion } from "@/lib/smilepayz/regions";
import { decimalToMinor } from "@/lib/smilepayz/regions/money";
import type { RegionCode } from "@/lib/smilepayz/regions/types";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import type { PayOutRequest } from "@/lib/smilepayz/wire";
import { controlHeaders, gatewayForFile, registerTestMerchant } from "../helpers/gateway";

let gw: SandboxGateway;
const g = gatewayForFile();
beforeAll(() => {
  gw = g.gw;
});

type Merchant = Awaited<ReturnType<typeof registerTestMerchant>>;

/** The pay-out account's balance in minor units, read through inquiry-balance as the app reads it. */
async function balance(m: Merchant, code: RegionCode): Promise<bigint> {
  const region = getRegion(code);
  const accountNo = m.accounts.find((a) => a.currency === region.currency && a.kind === "payout")?.accountNo ?? "";
  const r = await m.client().inquiryBalance(region, { accountNo });
  if (r.outcome !== "accepted") throw new Error(`balance: ${r.outcome}`);
  const value = r.body.accountInfos?.[0]?.availableBalance?.value ?? "";
  const minor = decimalToMinor(String(value), region.amount.minorDigits);
  if (minor === null) throw new Error(`unreadable balance ${value}`);
  return minor;
}

/** Per region: the amount in minor units, and the rest of a valid pay-out (the wire amount from the region). */
const CASES: { code: RegionCode; minor: bigint; body: Partial<PayOutRequest> }[] = [
  { code: "TH", minor: 150_000n, body: { paymentMethod: "KBANK", cashAccount: "1234567890" } },
  { code: "PH", minor: 250_050n, body: { paymentMethod: "GCASH", cashAccount: "09171234567", receiver: { name: "Juan Dela Cruz" } } },
  { code: "BR", minor: 123_456n, body: { paymentMethod: "CPF", cashAccount: "12345678909", receiver: { taxNumber: "12345678909" }, additionalParam: {} } },
  { code: "USDT", minor: 123_456n, body: { paymentMethod: "USDT", cashAccount: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", network: "TRC20" } },
];

async function payAndSettle(m: Merchant, code: RegionCode, minor: bigint, body: Partial<PayOutRequest>, outcome: "SUCCESS" | "FAILED") {
  const region = getRegion(code);
  const r = await m.client().payOut(region, {
    orderNo: generateOrderNo(region.orderNoPrefix),
    purpose: "Balance check",
    merchant: { merchantId: m.merchantId },
    money: { currency: region.currency, amount: region.amount.toWire(minor) },
    paymentMethod: "",
    cashAccount: "",
    ...body,
  } as PayOutRequest);
  if (r.outcome !== "accepted") throw new Error(`pay-out ${code}: ${r.outcome} ${"message" in r ? String(r.message) : ""}`);
  const res = await fetch(`${gw.url}/sandbox/orders/${r.body.tradeNo}/fate`, { method: "POST", headers: controlHeaders(), body: JSON.stringify({ outcome }) });
  expect(res.status).toBe(200);
}

describe("sandbox gateway balances: a pay-out moves the pay-out balance by exactly its amount", () => {
  it.each(CASES)("$code: a successful pay-out of $minor minor units", async ({ code, minor, body }) => {
    const m = await registerTestMerchant(gw);
    const before = await balance(m, code);
    await payAndSettle(m, code, minor, body, "SUCCESS");
    expect(before - (await balance(m, code))).toBe(minor);
  });

  it("PH 2,500.50 from 10,000,000.00 leaves 9,997,499.50 (not 9,749,950.00), and a FAILED pay-out moves nothing", async () => {
    const m = await registerTestMerchant(gw);
    const ph = CASES.find((c) => c.code === "PH");
    if (!ph) throw new Error("no PH case");
    expect(await balance(m, "PH")).toBe(1_000_000_000n);
    await payAndSettle(m, "PH", ph.minor, ph.body, "SUCCESS");
    expect(await balance(m, "PH")).toBe(999_749_950n);
    await payAndSettle(m, "PH", ph.minor, ph.body, "FAILED");
    expect(await balance(m, "PH")).toBe(999_749_950n);
  });
});
