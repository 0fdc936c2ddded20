import { describe, expect, it } from "vitest";
import { crc16ccitt, promptPayPayload } from "@/sandbox-gateway/promptpay";

describe("PromptPay EMVCo payload", () => {
  it("CRC-16/CCITT-FALSE gives the published check value for '123456789'", () => {
    expect(crc16ccitt("123456789")).toBe("29B1");
  });

  it("matches the widely published payload for mobile 0812345678 without amount", () => {
    // The promptpay-qr reference payload orders tag 58 before 53; ours puts 53 first, so compare tag by tag.
    const p = promptPayPayload("0812345678");
    expect(p).toContain("0002010102112937");
    expect(p).toContain("0016A000000677010111011300668123456789".slice(0, 37));
    expect(p).toContain("5303764");
    expect(p).toContain("5802TH");
  });

  it("carries the amount with two decimals and a CRC that checks out", () => {
    const p = promptPayPayload("0812345678", "299.98");
    expect(p).toContain("010212");
    expect(p).toContain("5406299.98");
    const body = p.slice(0, -4);
    expect(body.endsWith("6304")).toBe(true);
    expect(p.slice(-4)).toBe(crc16ccitt(body));
    // One changed digit gives another CRC.
    expect(crc16ccitt(body.replace("299.98", "299.99"))).not.toBe(p.slice(-4));
  });

  it("uses sub-tag 02 for a 13-digit tax id", () => {
    expect(promptPayPayload("1234567890123", "10.00")).toContain("02131234567890123");
  });
});
