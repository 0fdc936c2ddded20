import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript module of the server, without type declarations
import { bodyCap, checkCrossSite, compressAnswer, securityHeaders, AUTH_BODY_CAP, DEFAULT_BODY_CAP, UPLOAD_BODY_CAP } from "../../scripts/serve-policy.mjs";
import { UPLOAD_BODY_LIMIT } from "@/lib/http/read-body";

const APP = "http://127.0.0.1:3000";
const host = { host: "127.0.0.1:3000" };

describe("cross-site requests (the server refuses them for every route)", () => {
  it("refuses a POST from a page on another port of the same host", () => {
    expect(checkCrossSite("POST", { ...host, origin: "http://127.0.0.1:5299" }, APP)).toMatch(/Cross-site/);
    expect(checkCrossSite("PATCH", { ...host, origin: "http://localhost:3000" }, APP)).toMatch(/Cross-site/);
    expect(checkCrossSite("DELETE", { ...host, origin: "null" }, APP)).toMatch(/Cross-site/);
  });
  it("refuses whatever Sec-Fetch-Site says is not same-origin, even without Origin", () => {
    expect(checkCrossSite("POST", { ...host, "sec-fetch-site": "same-site" }, APP)).toMatch(/Cross-site/);
    expect(checkCrossSite("POST", { ...host, "sec-fetch-site": "cross-site" }, APP)).toMatch(/Cross-site/);
  });
  it("lets the app's own pages, reads and non-browser clients through", () => {
    expect(checkCrossSite("POST", { ...host, origin: APP, "sec-fetch-site": "same-origin" }, APP)).toBeNull();
    expect(checkCrossSite("GET", { ...host, origin: "http://evil.test" }, APP)).toBeNull();
    expect(checkCrossSite("POST", { ...host }, APP)).toBeNull();
    expect(checkCrossSite("POST", { ...host, "sec-fetch-site": "none" }, APP)).toBeNull();
  });
});

describe("body caps", () => {
  it("gives next-auth a small cap, uploads a large one, everything else the default", () => {
    expect(bodyCap("/api/auth/callback/credentials")).toBe(AUTH_BODY_CAP);
    expect(bodyCap("/api/payouts/batches/upload?x=1")).toBe(UPLOAD_BODY_CAP);
    expect(bodyCap("/api/users")).toBe(DEFAULT_BODY_CAP);
    expect(UPLOAD_BODY_CAP).toBe(UPLOAD_BODY_LIMIT);
  });

  it("POST /api/payout-batches takes a run's file up to the upload cap; its sub-routes keep the default", () => {
    expect(bodyCap("/api/payout-batches?credentialId=1")).toBe(UPLOAD_BODY_CAP);
    expect(bodyCap("/api/payout-batches/7/approve")).toBe(DEFAULT_BODY_CAP);
  });
});

describe("security headers", () => {
  it("forbid framing and sniffing everywhere, and add HSTS only over https", () => {
    const h = securityHeaders(APP) as Record<string, string>;
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["strict-transport-security"]).toBeUndefined();
    expect((securityHeaders("https://backoffice.example") as Record<string, string>)["strict-transport-security"]).toMatch(/max-age=\d+/);
  });

  it("a Web Worker's bootstrap script may load same-origin scripts; every other response may load nothing", () => {
    const csp = (url: string) => (securityHeaders(APP, url) as Record<string, string>)["content-security-policy"];
    expect(csp("/_next/static/chunks/turbopack-worker-1hrsqshz0gfey.js?params=x")).toContain("script-src 'self'");
    expect(csp("/_next/static/chunks/2xbfwa57yca-x.js")).not.toContain("script-src");
    expect(csp("/api/payout-batches")).toMatch(/^default-src 'none'; frame-ancestors/);
  });
});

describe("compression", () => {
  it("compresses pages, static files and the API's downloads, not the API's JSON, event streams or callbacks", () => {
    for (const u of ["/", "/orders?q=PO1", "/pay/abc", "/_next/static/chunks/main.js", "/api/orders/export?q=x", "/api/payout-batches/7/result.csv"]) expect([u, compressAnswer(u)]).toEqual([u, true]);
    for (const u of ["/api/orders?q=PO1", "/api/health", "/api/events", "/api/callbacks/smilepayz", "/api/openapi.json", "/api/orders/export-x"]) expect([u, compressAnswer(u)]).toEqual([u, false]);
  });
});
