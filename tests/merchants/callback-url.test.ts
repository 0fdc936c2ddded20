import { describe, expect, it } from "vitest";
import { callbackUrlShapeProblem } from "@/lib/merchants/callback-url";
import { assertCallbackUrlAllowed, callbackUrlProblem } from "@/lib/merchants/callback-url-policy";
import { callbackUrlFor } from "@/lib/payouts/build-payout-request";
import { createCredentialSchema } from "@/lib/merchants/schemas";
import { restoreEnvAfterEach, withEnv } from "../helpers/env";

restoreEnvAfterEach();

describe("callback base URL shape (shared by form and server)", () => {
  it.each([
    ["https://10.0.0.1", /private network/],
    ["https://169.254.169.254", /private network/],
    ["https://172.16.0.9", /private network/],
    ["https://192.168.0.10", /private network/],
    ["https://[fd12::1]", /private network/],
    ["https://[fe80::1]", /private network/],
    ["https://user:pw@backoffice.example.com", /user name or password/],
    ["https://backoffice.example.com?x=1", /query/],
    ["ftp://backoffice.example.com", /Only https/],
    ["not a url", /full URL/],
  ])("%s is refused", (url, message) => {
    expect(callbackUrlShapeProblem(url)).toMatch(message);
  });

  it("the form schema reports it on callbackBaseUrl", () => {
    const r = createCredentialSchema.safeParse({ merchantId: "m1", name: "M", environment: "sandbox", callbackBaseUrl: "https://169.254.169.254", platformPublicKey: "AAAA", merchantSecret: "secret-123" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.some((i) => i.path.join(".") === "callbackBaseUrl")).toBe(true);
  });
});

describe("callback base URL policy (server)", () => {
  it("the app's own origin is allowed; another loopback port, plain http and unlisted hosts are not", () => {
    withEnv({ APP_BASE_URL: "http://127.0.0.1:3000", CALLBACK_HOST_ALLOWLIST: undefined });
    expect(callbackUrlProblem("http://127.0.0.1:3000")).toBeNull();
    expect(callbackUrlProblem("http://127.0.0.1:3000/")).toBeNull();
    expect(callbackUrlProblem("http://127.0.0.1:3001")).toMatch(/loopback/);
    expect(callbackUrlProblem("http://localhost:3000")).toMatch(/loopback/);
    expect(callbackUrlProblem("https://[::1]:3000")).toMatch(/loopback/);
    expect(callbackUrlProblem("http://backoffice.example.com")).toMatch(/https/);
    expect(callbackUrlProblem("https://attacker.example.com")).toMatch(/CALLBACK_HOST_ALLOWLIST/);
    expect(callbackUrlProblem("https://10.0.0.1")).toMatch(/private network/);
  });

  it("https hosts on CALLBACK_HOST_ALLOWLIST are allowed", () => {
    withEnv({ APP_BASE_URL: "https://backoffice.example.com", CALLBACK_HOST_ALLOWLIST: "callbacks.example.com, edge.example.com:8443" });
    expect(callbackUrlProblem("https://backoffice.example.com")).toBeNull();
    expect(callbackUrlProblem("https://callbacks.example.com")).toBeNull();
    expect(callbackUrlProblem("https://edge.example.com:8443")).toBeNull();
    expect(callbackUrlProblem("https://edge.example.com")).toMatch(/CALLBACK_HOST_ALLOWLIST/);
  });

  it("create/update refuse on the field; a stored URL that no longer passes is not sent to the gateway", () => {
    withEnv({ APP_BASE_URL: "http://127.0.0.1:3000", CALLBACK_HOST_ALLOWLIST: undefined });
    expect(() => assertCallbackUrlAllowed("http://127.0.0.1:9999")).toThrow(expect.objectContaining({ code: "invalid_input", fields: { callbackBaseUrl: expect.stringMatching(/loopback/) } }));
    expect(() => assertCallbackUrlAllowed("")).not.toThrow();
    expect(callbackUrlFor({ callbackBaseUrl: "http://127.0.0.1:9999" })).toBe("http://127.0.0.1:3000/api/callbacks/smilepayz");
    expect(callbackUrlFor({ callbackBaseUrl: "http://127.0.0.1:3000" })).toBe("http://127.0.0.1:3000/api/callbacks/smilepayz");
  });
});
