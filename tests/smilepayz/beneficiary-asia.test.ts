import { describe, expect, it } from "vitest";
import { findPayoutMethod } from "@/lib/smilepayz/regions";
import { philippines } from "@/lib/smilepayz/regions/philippines";
import { thailand } from "@/lib/smilepayz/regions/thailand";
import type { Region } from "@/lib/smilepayz/regions/types";

function check(region: Region, methodCode: string, raw: string): { normalized: string; error: string | null } {
  const method = findPayoutMethod(region, methodCode);
  if (!method) throw new Error(`no method ${methodCode}`);
  const normalized = method.normalizeAccount(raw);
  return { normalized, error: method.validateAccount(normalized) };
}

describe("Thai bank accounts", () => {
  it.each([
    ["KBANK", "1234567890", "1234567890"], // the pay-out vector
    ["KBANK", "123-4-56789-0", "1234567890"], // as printed in a bankbook
    ["SCB", "408 123 4567", "4081234567"],
    ["BBL", "0123456789", "0123456789"], // leading zeros are part of the number
    ["GSB", "0201-2345-6789", "020123456789"], // GSB uses 12 digits
    ["BAAC", "020 0 1234567 8", "020012345678"],
    ["KTB", "9 8 7 6 5 4 3 2 1 0", "9876543210"],
  ])("%s accepts %s", (bank, raw, normalized) => {
    expect(check(thailand, bank, raw)).toEqual({ normalized, error: null });
  });

  it.each([
    ["KBANK", "123456789", "9 digits", /10 digits; this has 9/],
    ["KBANK", "12345678901", "11 digits", /10 digits; this has 11/],
    ["GSB", "1234567890", "GSB needs 12 digits", /12 digits; this has 10/],
    ["SCB", "408-1234-56A", "a letter", /digits only/],
    ["BAY", "408.123.4567", "dots are not a bankbook separator", /digits only/],
    ["TTB", "0000000000", "all zeros", /all zeros/],
    ["KTB", "", "empty", /Enter the account number/],
  ])("%s rejects %s (%s)", (bank, raw, _reason, message) => {
    expect(check(thailand, bank, raw).error).toMatch(message);
  });

  it("does not know a made-up bank code", () => {
    expect(findPayoutMethod(thailand, "NOTABANK")).toBeUndefined();
    expect(findPayoutMethod(thailand, " kbank ")?.code).toBe("KBANK");
  });
});

describe("Philippine bank accounts", () => {
  it.each([
    ["BPI", "123456789012", "123456789012"], // the pay-out vector
    ["BDO", "0012-3456-7890", "001234567890"],
    ["MBTC", "1234567890", "1234567890"], // 10 digits, the minimum
    ["UBP", "1094 2938 4756", "109429384756"],
    ["LANDBANK", "1234567890123456", "1234567890123456"], // 16 digits, the maximum
    ["SECB", "0000 0612 3456 7", "0000061234567"],
  ])("%s accepts %s", (bank, raw, normalized) => {
    expect(check(philippines, bank, raw)).toEqual({ normalized, error: null });
  });

  it.each([
    ["BPI", "123456789", "9 digits, under the minimum", /10 to 16 digits; this has 9/],
    ["BDO", "12345678901234567", "17 digits, over the maximum", /10 to 16 digits; this has 17/],
    ["RCBC", "1234-5678-90AB", "letters", /digits only/],
    ["PNB", "0000000000", "all zeros", /all zeros/],
    ["CHIB", "", "empty", /Enter the account number/],
    ["UBP", "+639171234567", "a mobile number under a bank", /digits only/],
  ])("%s rejects %s (%s)", (bank, raw, _reason, message) => {
    expect(check(philippines, bank, raw).error).toMatch(message);
  });
});

describe("Philippine e-wallet mobiles", () => {
  it.each([
    ["GCASH", "09171234567", "09171234567"],
    ["GCASH", "+639171234567", "09171234567"],
    ["MAYA", "0917 123 4567", "09171234567"],
    ["GRABPAY", "+63 998 765 4321", "09987654321"],
    ["GCASH", "639053334444", "09053334444"],
    ["SHOPEEPAY", "(0918) 555-1234", "09185551234"],
    ["COINSPH", "9171234567", "09171234567"], // typed without the leading 0
  ])("%s accepts %s as %s", (wallet, raw, normalized) => {
    expect(check(philippines, wallet, raw)).toEqual({ normalized, error: null });
  });

  it.each([
    ["GCASH", "0917123456", "10 digits", /mobile number/],
    ["GCASH", "091712345678", "12 digits", /mobile number/],
    ["MAYA", "02 8123 4567", "a Manila landline", /mobile number/],
    ["GCASH", "+1 917 123 4567", "a US number", /mobile number/],
    ["GRABPAY", "08171234567", "starts 08, not a mobile", /mobile number/],
    ["GCASH", "juan@gcash", "not a number", /mobile number/],
  ])("%s rejects %s (%s)", (wallet, raw, _reason, message) => {
    expect(check(philippines, wallet, raw).error).toMatch(message);
  });

  it("labels wallets and banks by kind", () => {
    expect(findPayoutMethod(philippines, "GCASH")?.kind).toBe("ewallet");
    expect(findPayoutMethod(philippines, "BPI")?.kind).toBe("bank");
  });
});
