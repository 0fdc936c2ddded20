import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getRegion, regionByCurrency } from "@/lib/smilepayz/regions";
import { formatMinor, parseMajorAmount } from "@/lib/smilepayz/regions/money";
import type { RegionCode } from "@/lib/smilepayz/regions/types";

const TH = getRegion("TH");
const PH = getRegion("PH");
const BR = getRegion("BR");
const USDT = getRegion("USDT");

describe("wire encoding per region", () => {
  it.each([
    ["TH", 150000n, 1500, "sent to Smilepayz as 1500 baht"],
    ["TH", 100n, 1, "sent to Smilepayz as 1 baht"],
    ["PH", 10050n, 10050, "sent to Smilepayz as 10050 centavos"],
    ["PH", 1n, 1, "sent to Smilepayz as 1 centavos"],
    ["BR", 10000n, 10000, "sent to Smilepayz as 10000 centavos"],
    ["USDT", 1000000n, 100, "sent to Smilepayz as 100 USDT"],
    ["USDT", 12345n, 1.2345, "sent to Smilepayz as 1.2345 USDT"],
    ["USDT", 1n, 0.0001, "sent to Smilepayz as 0.0001 USDT"],
  ] as const)("%s: %s minor -> %s on the wire", (code, minor, wire, description) => {
    const { amount } = getRegion(code);
    expect(amount.toWire(minor)).toBe(wire);
    expect(amount.fromWire(wire)).toBe(minor);
    expect(amount.describe(minor)).toBe(description);
  });

  it("THB refuses to send satang: only whole baht reach the gateway", () => {
    expect(() => TH.amount.toWire(150050n)).toThrow(RangeError);
    expect(TH.amount.describe(150050n)).toMatch(/cannot be sent: only whole baht/);
    expect(TH.amount.stepMinor).toBe(100n);
  });

  it("THB still reads a decimal payAmount from responses (300 -> payAmount 299.98)", () => {
    expect(TH.amount.fromWire(299.98)).toBe(29998n);
    expect(TH.amount.fromWire(1.005)).toBeNull();
  });

  it.each([
    ["PH", 100.5, "a fraction of a centavo"],
    ["BR", 0.5, "a fraction of a centavo"],
    ["PH", -1, "negative"],
    ["BR", Number.NaN, "NaN"],
    ["PH", 2 ** 53, "beyond safe integers"],
    ["USDT", 0.00001, "5 decimals (1e-5)"],
    ["USDT", 0.1 + 0.2, "a float artefact 0.30000000000000004"],
    ["USDT", 1e21, "exponent form"],
    ["USDT", Number.POSITIVE_INFINITY, "Infinity"],
    ["TH", -5, "negative"],
  ] as const)("%s fromWire(%s) is null (%s)", (code, wire, _why) => {
    expect(getRegion(code).amount.fromWire(wire)).toBeNull();
  });

  it.each(["TH", "PH", "BR", "USDT"] as const)("%s refuses negative and oversized amounts in toWire", (code) => {
    const { amount } = getRegion(code);
    expect(() => amount.toWire(-100n)).toThrow(RangeError);
    expect(() => amount.toWire(10n ** 30n)).toThrow(RangeError);
  });

  it.each(["TH", "PH", "BR", "USDT"] as const)("%s round-trips a spread of amounts", (code: RegionCode) => {
    const { amount } = getRegion(code);
    for (const major of [1n, 7n, 99n, 1500n, 123456n, 99_999_999n]) {
      for (const frac of [0n, 1n, 50n, 99n]) {
        const minor = major * 10n ** BigInt(amount.minorDigits) + frac * amount.stepMinor;
        if (minor % amount.stepMinor !== 0n) continue;
        expect(amount.fromWire(amount.toWire(minor))).toBe(minor);
      }
    }
  });
});

describe("the vectors' amounts are what toWire gives", () => {
  const vectors = JSON.parse(readFileSync(new URL("../fixtures/smilepayz/vectors.json", import.meta.url), "utf8")) as {
    requests: { name: string; body: string }[];
    callbacks: { name: string; body: string }[];
  };
  const amountIn = (list: { name: string; body: string }[], name: string) => {
    const v = list.find((r) => r.name === name);
    if (!v) throw new Error(`missing vector ${name}`);
    return (JSON.parse(v.body) as { money: { currency: string; amount: number } }).money;
  };
  const parsed = (text: string, code: RegionCode) => {
    const r = parseMajorAmount(text, getRegion(code));
    if (!r.ok) throw new Error(r.error);
    return r.minor;
  };

  it.each([
    ["payout-thailand", "1,500", "TH"],
    ["payout-philippines", "1,500.00", "PH"],
    ["payout-brazil-pix-cpf", "100.00", "BR"],
    ["payout-usdt-trc20", "100", "USDT"],
    ["payin-thailand-qr", "300", "TH"],
  ] as const)("%s carries the wire form of %s %s", (name, human, code) => {
    const money = amountIn(vectors.requests, name);
    expect(money.currency).toBe(getRegion(code).currency);
    expect(money.amount).toBe(getRegion(code).amount.toWire(parsed(human, code)));
  });

  it.each([
    ["payout-success", 150000n],
    ["payin-success", 30000n],
    ["payout-failed-brazil", 10000n],
  ])("callback %s decodes to %s minor units", (name, minor) => {
    const money = amountIn(vectors.callbacks, name);
    expect(regionByCurrency(money.currency)?.amount.fromWire(money.amount)).toBe(minor);
  });
});

describe("parseMajorAmount", () => {
  it.each([
    ["1,500", TH, 150000n],
    ["1500", TH, 150000n],
    ["1,500.00", TH, 150000n], // trailing zero decimals are still whole baht
    ["  42  ", TH, 4200n],
    ["1,500.50", PH, 150050n],
    ["0.5", PH, 50n],
    ["00012.50", PH, 1250n],
    ["1,234,567.89", BR, 123456789n],
    ["100", BR, 10000n],
    ["1.2345", USDT, 12345n],
    ["0.0001", USDT, 1n],
    ["1,000,000", USDT, 10000000000n],
  ] as const)("%j in %s -> %s", (text, region, minor) => {
    expect(parseMajorAmount(text, region)).toEqual({ ok: true, minor });
  });

  it.each([
    ["", PH, "empty", /Enter an amount/],
    ["   ", PH, "blank", /Enter an amount/],
    ["-5", PH, "negative", /positive/],
    ["0", PH, "zero", /greater than zero/],
    ["0.00", BR, "zero with decimals", /greater than zero/],
    ["1,500.50", TH, "satang in a whole-baht region", /THB amounts are whole numbers/],
    ["1.005", PH, "three decimals in PHP", /at most 2 decimal places/],
    ["1.23456", USDT, "five decimals in USDT", /at most 4 decimal places/],
    [".5", PH, "no leading digit", /digits with an optional decimal point/],
    ["1.", PH, "trailing point", /digits with an optional decimal point/],
    ["1,50", PH, "comma as decimal separator", /write 1.50 .*commas only between thousands/],
    ["1.500,50", PH, "Brazilian grouping in pesos", /write 1,500.50 .*commas only between thousands/],
    ["1234,567", PH, "misplaced thousands comma", /commas only between thousands/],
    ["1 500", PH, "space as a thousands separator", /digits with an optional decimal point/],
    ["1e3", PH, "exponent", /digits with an optional decimal point/],
    ["+5", PH, "plus sign", /digits with an optional decimal point/],
    ["PHP 100", PH, "currency text", /digits with an optional decimal point/],
    ["١٢٣", PH, "non-ASCII digits", /digits with an optional decimal point/],
    ["12345678901234", PH, "14 whole digits", /too large/],
  ] as const)("%j in %s is refused (%s)", (text, region, _why, message) => {
    const r = parseMajorAmount(text, region);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe("BRL amounts written the Brazilian way ('.' thousands, ',' decimals) or the point way", () => {
  it.each([
    ["6.000,00", 600000n],
    ["1.234.567,89", 123456789n],
    ["350,75", 35075n],
    ["0,5", 50n],
    ["6000", 600000n],
    ["6000,00", 600000n],
    ["1.234.567", 123456700n],
    ["350.75", 35075n],
    ["1,234,567.89", 123456789n],
    ["1,234,567", 123456700n],
    ["1234.000", 123400n],
  ] as const)("%j -> %s centavos", (text, minor) => {
    expect(parseMajorAmount(text, BR)).toEqual({ ok: true, minor });
  });

  it.each([
    ["6.000", /“6.000” could mean 6000 or 6 BRL: write 6.000,00 or 6000 for the first, 6,00 for the second/],
    ["6,000", /“6,000” could mean 6000 or 6 BRL/],
    ["12.500", /could mean 12500 or 12.5 BRL: write 12.500,00 or 12500 for the first, 12,50 for the second/],
    ["1.5.000,00", /Write BRL amounts as 1.234,56 or 1234.56/],
    ["1.234,567.89", /Write BRL amounts as 1.234,56 or 1234.56/],
    ["12.34.56", /Write BRL amounts as 1.234,56 or 1234.56/],
    ["6.000.00", /Write BRL amounts as 1.234,56 or 1234.56/],
    ["1,2,3", /Write BRL amounts as 1.234,56 or 1234.56/],
    ["6.000,", /Write BRL amounts as 1.234,56 or 1234.56/],
    [",50", /Write BRL amounts as 1.234,56 or 1234.56/],
    ["6.000,001", /at most 2 decimal places/],
    ["R$ 6.000,00", /Write BRL amounts as 1.234,56 or 1234.56/],
  ] as const)("%j is refused with the reason", (text, message) => {
    const r = parseMajorAmount(text, BR);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("the other regions keep the point for decimals and say how to write a comma amount", () => {
    expect(parseMajorAmount("1.500,00", TH)).toEqual({ ok: false, error: expect.stringMatching(/^THB amounts take a point for decimals: write 1,500.00/) });
    expect(parseMajorAmount("6,000", TH)).toEqual({ ok: true, minor: 600000n });
  });
});

describe("formatMinor", () => {
  it.each([
    [150050n, TH, "1,500.50 THB"],
    [150000n, TH, "1,500.00 THB"],
    [0n, TH, "0.00 THB"],
    [5n, PH, "0.05 PHP"],
    [-150n, PH, "-1.50 PHP"],
    [123456789012n, BR, "1,234,567,890.12 BRL"],
    [1000000n, USDT, "100.00 USDT"],
    [12345n, USDT, "1.2345 USDT"],
    [12340n, USDT, "1.234 USDT"],
  ] as const)("%s in %s -> %s", (minor, region, text) => {
    expect(formatMinor(minor, region)).toBe(text);
  });

  it.each([TH, PH, BR, USDT])("parses back what it formats in $code", (region) => {
    const minor = 123456700n;
    const text = formatMinor(minor, region).replace(` ${region.currency}`, "");
    expect(parseMajorAmount(text, region)).toEqual({ ok: true, minor });
  });
});
