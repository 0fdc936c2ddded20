import { describe, expect, it } from "vitest";
import { allowPublicRequest } from "@/lib/payins/public-rate-limit";

describe("the payer page's rate limit", () => {
  it("allows the limit per address per minute, refuses the next, and starts again the next minute", () => {
    const t0 = 1_000_000_000_000;
    for (let i = 0; i < 5; i++) expect(allowPublicRequest("203.0.113.7", 5, t0 + i)).toBe(true);
    expect(allowPublicRequest("203.0.113.7", 5, t0 + 10)).toBe(false);
    // Another address has its own allowance.
    expect(allowPublicRequest("203.0.113.8", 5, t0 + 11)).toBe(true);
    expect(allowPublicRequest("203.0.113.7", 5, t0 + 60_001)).toBe(true);
  });

  it("a table full of other addresses never refuses a new payer; an address over its limit stays refused meanwhile", () => {
    const t0 = 2_000_000_000_000;
    for (let i = 0; i < 3; i++) allowPublicRequest("198.51.100.9", 2, t0);
    expect(allowPublicRequest("198.51.100.9", 2, t0 + 1)).toBe(false);
    // 25,000 addresses in the same minute (more than the table holds), each once; the limited one keeps asking.
    for (let i = 0; i < 25_000; i++) {
      expect(allowPublicRequest(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 2, t0 + 2)).toBe(true);
      if (i % 1_000 === 0) expect(allowPublicRequest("198.51.100.9", 2, t0 + 2)).toBe(false);
    }
    expect(allowPublicRequest("192.0.2.200", 2, t0 + 3), "a real payer arriving after the flood").toBe(true);
    expect(allowPublicRequest("198.51.100.9", 2, t0 + 4), "the address over its limit").toBe(false);
  });

  it("an IPv6 payer is counted by its /64", () => {
    const t0 = 3_000_000_000_000;
    expect(allowPublicRequest("2001:db8:7:7::1", 2, t0)).toBe(true);
    expect(allowPublicRequest("2001:db8:7:7:abcd::2", 2, t0)).toBe(true);
    expect(allowPublicRequest("2001:db8:7:7:ffff:1:2:3", 2, t0)).toBe(false);
    expect(allowPublicRequest("2001:db8:7:8::1", 2, t0)).toBe(true);
  });
});
