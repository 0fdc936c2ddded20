import { describe, expect, it } from "vitest";
import { clientAddress, inList, normalizeIp, PEER_HEADER } from "@/lib/auth/client-info";

describe("the client's address", () => {
  it("is the socket's, whatever X-Forwarded-For claims, when the peer is not a trusted proxy", () => {
    const h = new Headers({ [PEER_HEADER]: "::ffff:127.0.0.1", "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7" });
    expect(clientAddress(h, [])).toBe("127.0.0.1");
    expect(clientAddress(h, ["10.0.0.0/8"])).toBe("127.0.0.1");
  });
  it("behind a trusted proxy, is the right-most address that is not itself a trusted proxy", () => {
    const h = new Headers({ [PEER_HEADER]: "10.1.2.3", "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.9.9.9" });
    expect(clientAddress(h, ["10.0.0.0/8"])).toBe("203.0.113.9");
  });
  it("ignores garbage in the header and never returns attacker text", () => {
    const h = new Headers({ [PEER_HEADER]: "10.1.2.3", "x-forwarded-for": "<script>, not-an-ip" });
    expect(clientAddress(h, ["10.1.2.3"])).toBe("10.1.2.3");
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4" }), [])).toBeNull();
  });
  it("matches addresses and IPv4 ranges", () => {
    expect(normalizeIp("::ffff:192.168.1.10")).toBe("192.168.1.10");
    expect(normalizeIp("999.1.1.1")).toBeNull();
    expect(inList("192.168.1.10", ["192.168.0.0/16"])).toBe(true);
    expect(inList("192.169.1.10", ["192.168.0.0/16"])).toBe(false);
    expect(inList("::1", ["::1"])).toBe(true);
  });
});
