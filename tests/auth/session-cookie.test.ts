import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionCookie } from "@/lib/auth/session-cookie";

const secret = "a-test-secret-of-reasonable-length-0123456789";

describe("decodeSessionCookie (next-auth's session JWE, key derived once)", () => {
  it("reads what next-auth's encode wrote, for the same secret", async () => {
    const token = await encode({ token: { st: "session-token-1", sub: "7" }, secret });
    expect(decodeSessionCookie(token, secret)).toMatchObject({ st: "session-token-1", sub: "7" });
    expect(decodeSessionCookie(token, secret)).toMatchObject({ st: "session-token-1" }); // cached key, same answer
  });

  it("refuses another secret, a tampered part, an expired token and junk", async () => {
    const token = await encode({ token: { st: "x" }, secret });
    expect(decodeSessionCookie(token, `${secret}-other`)).toBeNull();
    const parts = token.split(".");
    const flip = (s: string) => (s.at(-2) === "A" ? `${s.slice(0, -2)}B${s.slice(-1)}` : `${s.slice(0, -2)}A${s.slice(-1)}`);
    for (const i of [0, 2, 3, 4]) {
      const bad = [...parts];
      bad[i] = flip(bad[i] ?? "");
      expect(decodeSessionCookie(bad.join("."), secret)).toBeNull();
    }
    const expired = await encode({ token: { st: "x" }, secret, maxAge: -60 });
    expect(decodeSessionCookie(expired, secret)).toBeNull();
    const nearlyExpired = await encode({ token: { st: "x" }, secret, maxAge: -5 }); // inside next-auth's 15 s tolerance
    expect(decodeSessionCookie(nearlyExpired, secret)).toMatchObject({ st: "x" });
    expect(decodeSessionCookie("not.a.jwe.at.all", secret)).toBeNull();
    expect(decodeSessionCookie(token, "")).toBeNull();
  });
});
