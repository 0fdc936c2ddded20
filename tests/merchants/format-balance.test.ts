import { describe, expect, it } from "vitest";
import { formatBalance } from "@/lib/merchants/format-balance";

describe("formatBalance", () => {
  it("groups and names the currency, exactly (no float)", () => {
    expect(formatBalance(1_000_000_000n, "THB", 2)).toBe("10,000,000.00 THB");
    expect(formatBalance("1000000000", "PHP", 2)).toBe("10,000,000.00 PHP");
    expect(formatBalance("900719925474099199", "BRL", 2)).toBe("9,007,199,254,740,991.99 BRL");
    expect(formatBalance(5n, "BRL", 2)).toBe("0.05 BRL");
  });
  it("USDT (not an ISO code) keeps up to 4 decimals and writes the code after", () => {
    expect(formatBalance(12_345_678n, "USDT", 4)).toBe("1,234.5678 USDT");
    expect(formatBalance(10_000_0000n, "USDT", 4)).toBe("10,000.00 USDT");
  });
});
