import { describe, expect, it } from "vitest";
import { pathWithQuery, safeNext, withNext } from "@/lib/auth/safe-next";

describe("safeNext: only the app's own origin after sign-in", () => {
  it.each([
    ["/orders", "/orders"],
    ["/orders?q=TH123&x=1#top", "/orders?q=TH123&x=1#top"],
    ["/account/two-factor?next=%2Forders", "/account/two-factor?next=%2Forders"],
    // Still-encoded values stay a path on this origin: the browser does not decode them into a host.
    ["/%5Clocalhost:5299/x", "/%5Clocalhost:5299/x"],
    ["/%09/localhost:5299/x", "/%09/localhost:5299/x"],
    ["/%2F%2Fevil", "/%2F%2Fevil"],
    ["/orders?next=//evil", "/orders?next=//evil"],
  ])("keeps %j as %j", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it.each([
    // What the reported attacks became once Next decoded the query: `\` reads as `/`, tabs are dropped.
    "/\\localhost:5299/x",
    "/\t/localhost:5299/x",
    "/\n/localhost:5299/x",
    "/\r\n/evil",
    "\t//evil",
    " //evil",
    "//evil",
    "//evil.example/x",
    "/\\evil",
    "\\\\evil",
    "\\/evil",
    "https://evil",
    "HTTPS://evil.example/orders",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/.//evil",
    "/a/../..//evil",
    "/%2e%2e//evil",
    "http://app.invalid//evil",
  ])("refuses %j", (next) => {
    expect(safeNext(next)).toBe("/");
  });

  it("falls back for missing, empty, repeated or oversized values", () => {
    expect(safeNext(undefined)).toBe("/");
    expect(safeNext("")).toBe("/");
    expect(safeNext(["/orders", "//evil"])).toBe("/");
    expect(safeNext(`/${"a".repeat(3000)}`)).toBe("/");
    expect(safeNext("//evil", "/account")).toBe("/account");
  });

  it("whatever it returns reads back as a path on the same origin", () => {
    const nasty = ["/\\x", "/%5C%5Cx", "/..%2F..%2F/x", "/%0a/x", "/\u3000/x", "/\uff0f\uff0fevil", "/@evil", "/:evil", "/?//evil", "/#//evil"];
    for (const v of nasty) {
      const out = safeNext(v);
      expect(out.startsWith("/") && !out.startsWith("//") && !out.includes("\\")).toBe(true);
      expect(new URL(out, "http://127.0.0.1:5299").origin).toBe("http://127.0.0.1:5299");
    }
  });
});

describe("next for the page guard", () => {
  it("carries path and query, and leaves it out for the overview", () => {
    expect(pathWithQuery("/orders", { q: "TH1", tag: ["a", "b"], none: undefined })).toBe("/orders?q=TH1&tag=a&tag=b");
    expect(pathWithQuery("/orders")).toBe("/orders");
    expect(withNext("/sign-in", "/orders?q=TH1")).toBe("/sign-in?next=%2Forders%3Fq%3DTH1");
    expect(withNext("/sign-in", "/")).toBe("/sign-in");
    expect(safeNext(new URLSearchParams(withNext("/sign-in", "/orders?q=TH1").split("?")[1]).get("next"))).toBe("/orders?q=TH1");
  });
});
