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
});
