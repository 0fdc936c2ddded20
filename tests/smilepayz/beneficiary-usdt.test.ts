import { describe, expect, it } from "vitest";
import { toChecksumAddress } from "@/lib/smilepayz/beneficiary/evm";
import { findPayoutMethod } from "@/lib/smilepayz/regions";
import { normalizeUsdtAddress, usdt, validateUsdtAddress } from "@/lib/smilepayz/regions/usdt";

const method = findPayoutMethod(usdt, "USDT");
if (!method) throw new Error("USDT method missing");
const any = (raw: string) => method.validateAccount(method.normalizeAccount(raw));

const TRC20_VALID = [
  "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", // USDT's TRC20 contract
  "THqrAWyupb1ENaiH15rzTQiwjvxGyie6UP", // the pay-out vector
  "TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8", // USDC's TRC20 contract
  "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", // WIN token contract
  "TNUC9Qb1rRpS5CbWLmNMxXBjyFoydXjWFR", // WTRX contract
];
const BEP20_VALID = [
  "0x55d398326f99059fF775485246999027B3197955", // USDT on BNB Smart Chain
  "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", // USDC on BSC
  "0xe9e7CEA3DedcA5984780Bafc599bD69ADd087D56", // BUSD
  "0xbb4CdB9CBd36B01bD1cBaEBF2De08d9173bc095c", // WBNB
  "0x55d398326f99059ff775485246999027b3197955", // all lowercase: no checksum to check
  "0X55D398326F99059FF775485246999027B3197955", // all uppercase (and an upper-case 0X prefix)
];

describe("TRC20 addresses", () => {
  it.each(TRC20_VALID)("accepts %s", (address) => {
    expect(validateUsdtAddress("TRC20", normalizeUsdtAddress(address))).toBeNull();
    expect(any(` ${address} `)).toBeNull();
  });

  it.each([
    ["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T", "last character's case changed: checksum fails", /checksum/],
    ["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6", "33 characters", /34 characters; this has 33/],
    ["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj60", "0 is not base58 (34 chars)", /base58/],
    ["1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "a Bitcoin address", /starts with T/],
    ["T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", "TRON's zero (burn) address", /zero address/],
    ["0x55d398326f99059fF775485246999027B3197955", "a BEP20 address on TRC20", /BEP20 .* network is TRC20/],
    ["", "empty", /Enter a TRC20 address/],
  ])("rejects %s (%s)", (address, _reason, message) => {
    expect(validateUsdtAddress("TRC20", normalizeUsdtAddress(address))).toMatch(message);
  });
});

describe("BEP20 addresses", () => {
  it.each(BEP20_VALID)("accepts %s", (address) => {
    expect(validateUsdtAddress("BEP20", normalizeUsdtAddress(address))).toBeNull();
    expect(any(address)).toBeNull();
  });

  it("computes the EIP-55 checksum of the USDT contract", () => {
    expect(toChecksumAddress("0x55d398326f99059ff775485246999027b3197955")).toBe(
      "0x55d398326f99059fF775485246999027B3197955",
    );
  });

  it.each([
    ["0x55d398326f99059fF775485246999027b3197955", "one letter's case flipped: EIP-55 fails", /checksum/],
    ["0x55D398326f99059fF775485246999027B3197955", "another flipped letter", /checksum/],
    ["0x55d398326f99059fF775485246999027B319795", "39 hex digits", /40 hex digits.*39/],
    ["0x55d398326f99059fF775485246999027B3197955aa", "42 hex digits", /40 hex digits.*42/],
    ["0x55d398326f99059fF775485246999027B319795g", "g is not hex", /0-9 and a-f/],
    ["55d398326f99059fF775485246999027B3197955ab", "no 0x prefix", /starts with 0x/],
    ["0x0000000000000000000000000000000000000000", "the zero address", /zero address/],
    ["THqrAWyupb1ENaiH15rzTQiwjvxGyie6UP", "a TRC20 address on BEP20", /TRC20 .* network is BEP20/],
  ])("rejects %s (%s)", (address, _reason, message) => {
    expect(validateUsdtAddress("BEP20", normalizeUsdtAddress(address))).toMatch(message);
  });
});

describe("USDT method and network", () => {
  it("the method-level check accepts either network and rejects anything else", () => {
    expect(any("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")).toMatch(/TRC20 address .* or a BEP20/);
    expect(any("0x55d398326f99059fF775485246999027b3197955")).toMatch(/checksum/);
  });

  it("refuses an unknown network", () => {
    expect(validateUsdtAddress("ERC20", "0x55d398326f99059fF775485246999027B3197955")).toMatch(/TRC20 or BEP20/);
  });

  it("exposes the network check on the region for the generic pay-out schema", () => {
    expect(usdt.payout.networks).toEqual(["TRC20", "BEP20"]);
    expect(usdt.payout.validateAccountForNetwork?.("TRC20", TRC20_VALID[1] ?? "")).toBeNull();
    expect(usdt.payout.validateAccountForNetwork?.("BEP20", TRC20_VALID[1] ?? "")).toMatch(/network is BEP20/);
  });
});
