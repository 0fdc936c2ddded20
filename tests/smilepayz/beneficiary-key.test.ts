import { describe, expect, it } from "vitest";
import { beneficiaryKeyOf, REGIONS } from "@/lib/smilepayz/regions";

/** The key of one region's pay-out fields. */
const key = (region: "TH" | "PH" | "BR" | "USDT", method: string, account: string, taxNumber?: string, network?: string) =>
  beneficiaryKeyOf(region, { method, account, taxNumber, network });

describe("beneficiary key: one string per person paid, whatever the spelling", () => {
  it("every region declares its key function beside its other rules", () => {
    for (const r of REGIONS) expect(typeof r.payout.beneficiaryKey).toBe("function");
  });

  it("BEP20: lower-case, upper-case, EIP-55 checksummed and 0X spellings of one wallet give one key, lower-case", () => {
    const checksummed = "0x52908400098527886E0F7030069857D2E4169EE7";
    const spellings = [checksummed, checksummed.toLowerCase(), `0x${checksummed.slice(2).toUpperCase()}`, `0X${checksummed.slice(2)}`, `  ${checksummed} `];
    const keys = new Set(spellings.map((a) => key("USDT", "USDT", a, undefined, "BEP20")));
    expect([...keys]).toEqual(["0x52908400098527886e0f7030069857d2e4169ee7"]);
    expect(key("USDT", "USDT", "0x8617E340B3D01FA5F11F306F4090FD50E238070D", undefined, "BEP20")).not.toBe([...keys][0]);
  });

  it("TRC20: the base58 re-encoding of the decoded bytes, so the hex form of the address and padded input collide", () => {
    const a = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8";
    expect(key("USDT", "USDT", a, undefined, "TRC20")).toBe(a);
    expect(key("USDT", "USDT", ` ${a}\t`, undefined, "TRC20")).toBe(a);
    expect(key("USDT", "USDT", "415cbdd86a2fa8dc4bddd8a8f69dba48572eec07fb", undefined, "TRC20")).toBe(a);
    expect(key("USDT", "USDT", "415CBDD86A2FA8DC4BDDD8A8F69DBA48572EEC07FB", undefined, "TRC20")).toBe(a);
    // Base58 is case-sensitive: another case is another address (or none), never folded into this one.
    expect(key("USDT", "USDT", a.toLowerCase(), undefined, "TRC20")).not.toBe(a);
    expect(key("USDT", "USDT", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", undefined, "TRC20")).not.toBe(a);
  });

  it("Brazil: the receiver's tax number, digits only, whatever the Pix key (CPF, CNPJ, phone, e-mail, random)", () => {
    const keys = [
      key("BR", "CPF", "52998224725", "529.982.247-25"),
      key("BR", "EMAIL", "maria@example.com", "52998224725"),
      key("BR", "PHONE", "+5511987654321", " 529 982 247 25 "),
      key("BR", "EVP", "123e4567-e89b-42d3-a456-426614174000", "52998224725"),
      key("BR", "CNPJ", "11222333000181", "529.982.247/25"),
    ];
    expect(new Set(keys)).toEqual(new Set(["52998224725"]));
    expect(key("BR", "CNPJ", "11222333000181", "11.222.333/0001-81")).toBe("11222333000181");
    // Another receiver through the same e-mail key is another beneficiary.
    expect(key("BR", "EMAIL", "maria@example.com", "11222333000181")).not.toBe(keys[0]);
  });

  it("Thailand: method and the account's digits, so spaces and dashes collide and another bank does not", () => {
    const spellings = ["1234567890", "123-4-56789-0", "123 456 7890", " 123\u20134\u201356789\u20130 "];
    expect(new Set(spellings.map((a) => key("TH", "KBANK", a)))).toEqual(new Set(["KBANK:1234567890"]));
    expect(key("TH", "kbank", "1234567890")).toBe("KBANK:1234567890");
    expect(key("TH", "SCB", "1234567890")).toBe("SCB:1234567890");
  });

  it("the Philippines: method and digits of the account, a wallet's mobile number in its national form", () => {
    const wallets = ["09171234567", "+63 917 123 4567", "639171234567", "0917-123-4567", "9171234567"];
    expect(new Set(wallets.map((a) => key("PH", "GCASH", a)))).toEqual(new Set(["GCASH:09171234567"]));
    expect(key("PH", "MAYA", "09171234567")).toBe("MAYA:09171234567");
    expect(new Set(["012345678901", "0123 4567 8901", "0123-4567-8901"].map((a) => key("PH", "BPI", a)))).toEqual(new Set(["BPI:012345678901"]));
  });

  it("never throws, and input without a digit keeps its text rather than collapsing every such account into one key", () => {
    expect(key("TH", "KBANK", "abc")).toBe("KBANK:abc");
    expect(key("TH", "KBANK", "xyz")).not.toBe(key("TH", "KBANK", "abc"));
    expect(key("USDT", "USDT", "not an address")).toBe("not an address");
    expect(key("BR", "EMAIL", "Maria@Example.com")).toBe("EMAIL:maria@example.com");
  });
});
