import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REGIONS, findPayoutMethod, getRegion, isRegionCode, regionByCurrency } from "@/lib/smilepayz/regions";
import type { Region, RegionCode } from "@/lib/smilepayz/regions/types";
import { formatTimestamp } from "@/lib/smilepayz/timestamp";

interface PayoutBody {
  orderNo: string;
  money: { currency: string; amount: number };
  paymentMethod: string;
  cashAccount: string;
  receiver?: { name?: string; taxNumber?: string };
  network?: string;
  additionalParam?: Record<string, never>;
}
const vectors = JSON.parse(readFileSync(new URL("../fixtures/smilepayz/vectors.json", import.meta.url), "utf8")) as {
  requests: { name: string; path: string; xTimestamp: string; body: string }[];
};
const payouts = vectors.requests.filter((r) => r.path === "/v2.0/disbursement/pay-out");

describe("the region registry", () => {
  it("holds the four regions with the documented codes, currencies, areas and offsets", () => {
    const summary = REGIONS.map((r) => [r.code, r.currency, r.area, r.utcOffsetMinutes]);
    expect(summary).toEqual([
      ["TH", "THB", 11, 420],
      ["PH", "PHP", 18, 480],
      ["BR", "BRL", 13, -180],
      ["USDT", "USDT", 30, 420],
    ]);
  });

  it("looks regions up by code and currency", () => {
    expect(getRegion("BR").currency).toBe("BRL");
    expect(regionByCurrency("PHP")?.code).toBe("PH");
    expect(regionByCurrency("IDR")).toBeUndefined();
    expect(() => getRegion("XX" as RegionCode)).toThrow(/Unknown region/);
  });

  it.each([
    ["TH", true],
    ["USDT", true],
    ["th", false],
    ["ID", false],
    ["", false],
  ])("isRegionCode(%j) is %s", (value, expected) => {
    expect(isRegionCode(value)).toBe(expected);
  });

  describe.each(REGIONS.map((r) => [r.code, r] as const))("%s", (_code, region: Region) => {
    it("has unique upper-case pay-out method codes, each with a label", () => {
      const codes = region.payout.methods.map((m) => m.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const m of region.payout.methods) {
        expect(m.code).toMatch(/^[A-Z0-9]+$/);
        expect(m.label.length).toBeGreaterThan(0);
      }
    });

    it("has pay-out limits that are sendable amounts, min below max", () => {
      expect(region.payout.minAmount).toBeGreaterThan(0n);
      expect(region.payout.minAmount).toBeLessThan(region.payout.maxAmount);
      expect(region.payout.minAmount % region.amount.stepMinor).toBe(0n);
      expect(() => region.amount.toWire(region.payout.maxAmount)).not.toThrow();
    });

    it("has a letters-only orderNo prefix that leaves room in the 6-32 character orderNo", () => {
      expect(region.orderNoPrefix).toMatch(/^[A-Z]{2,4}$/);
    });

    it("signs timestamps in the offset the vectors use", () => {
      const ts = formatTimestamp(new Date("2026-11-20T03:55:00Z"), region.utcOffsetMinutes);
      const vector = payouts.find((p) => (JSON.parse(p.body) as PayoutBody).money.currency === region.currency);
      expect(ts.slice(-6)).toBe(vector?.xTimestamp.slice(-6));
    });
  });

  it("keeps orderNo prefixes distinct so an orderNo tells its region", () => {
    const prefixes = REGIONS.map((r) => r.orderNoPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});

describe("per-region pay-out and pay-in rules", () => {
  it("Thailand: pay-in QRPAY 1-50,000 and BANK 1-200,000 THB, payer required, expiry 3600/86400", () => {
    const th = getRegion("TH");
    expect(th.payin?.payer).toBe(true);
    expect(th.payin?.expiryPeriod).toEqual({ defaultSeconds: 3600, maxSeconds: 86_400 });
    expect(th.payin?.methods.map((m) => [m.code, m.minAmount, m.maxAmount])).toEqual([
      ["QRPAY", 100n, 5_000_000n],
      ["BANK", 100n, 20_000_000n],
    ]);
  });

  it("Philippines needs receiver.name; Brazil a taxNumber and additionalParam; USDT a network", () => {
    const flags = REGIONS.map((r) => [r.code, r.payout.receiverName, r.payout.taxNumber, r.payout.additionalParam]);
    expect(flags).toEqual([
      ["TH", false, false, false],
      ["PH", true, false, false],
      ["BR", false, true, true],
      ["USDT", false, false, false],
    ]);
    expect(REGIONS.filter((r) => r.payout.networks !== null).map((r) => r.code)).toEqual(["USDT"]);
    expect(REGIONS.filter((r) => r.payout.taxNumberRule).map((r) => r.code)).toEqual(["BR"]);
  });
});

describe("the pay-out vectors pass their region's own validation", () => {
  it.each(payouts.map((p) => [p.name, JSON.parse(p.body) as PayoutBody] as const))("%s", (_name, body) => {
    const region = regionByCurrency(body.money.currency);
    if (!region) throw new Error(`no region for ${body.money.currency}`);
    expect(body.orderNo.startsWith(region.orderNoPrefix)).toBe(true);
    const method = findPayoutMethod(region, body.paymentMethod);
    if (!method) throw new Error(`no method ${body.paymentMethod}`);
    expect(method.normalizeAccount(body.cashAccount)).toBe(body.cashAccount);
    expect(method.validateAccount(body.cashAccount)).toBeNull();
    if (region.payout.receiverName) expect(body.receiver?.name).toBeTruthy();
    if (region.payout.additionalParam) expect(body.additionalParam).toEqual({});
    if (region.payout.taxNumberRule) expect(region.payout.taxNumberRule.validate(body.receiver?.taxNumber ?? "")).toBeNull();
    if (region.payout.networks) {
      expect(region.payout.networks).toContain(body.network);
      expect(region.payout.validateAccountForNetwork?.(body.network ?? "", body.cashAccount)).toBeNull();
    }
  });
});
