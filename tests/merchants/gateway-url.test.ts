import { describe, expect, it } from "vitest";
import { gatewayUrlShapeProblem, hostKind } from "@/lib/merchants/gateway-url";
import { gatewayUrlProblem, isSandboxGatewayUrl } from "@/lib/merchants/gateway-url-policy";
import { createCredentialSchema } from "@/lib/merchants/schemas";
import { restoreEnvAfterEach, withEnv } from "../helpers/env";

restoreEnvAfterEach();

describe("gateway URL shape (shared by form and server)", () => {
  it.each([
    ["https://169.254.169.254", /private network/],
    ["https://169.254.169.254/latest/meta-data", /private network/],
    ["http://[::ffff:169.254.169.254]", /private network/],
    ["http://10.0.0.1", /private network/],
    ["https://172.20.1.1", /private network/],
    ["https://192.168.1.1", /private network/],
    ["https://100.64.0.1", /private network/],
    ["https://0.0.0.0", /private network/],
    ["https://[fd00::1]", /private network/],
    ["https://metadata.google.internal", /private network/],
    ["https://intranet", /private network/],
    ["http://user:pw@127.0.0.1:4010", /user name or password/],
    ["https://user@gateway.smilepayz.com", /user name or password/],
    ["ftp://gateway.smilepayz.com", /Only https/],
    ["file:///etc/passwd", /Only https/],
    ["gopher://127.0.0.1:6379", /Only https/],
    ["http://gateway.smilepayz.com", /Use https/],
    ["https://127.0.0.1:4010", /loopback/],
    ["https://gateway.smilepayz.com?x=1", /query/],
    ["not a url", /full URL/],
  ])("%s is refused", (url, message) => {
    expect(gatewayUrlShapeProblem(url)).toMatch(message);
    const parsed = createCredentialSchema.safeParse({ merchantId: "m1", name: "n", environment: "custom", customBaseUrl: url, merchantSecret: "secret-123", platformPublicKey: "QUJD" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.some((i) => i.path.join(".") === "customBaseUrl")).toBe(true);
  });

  it("decimal and hex spellings of loopback are loopback", () => {
    expect(hostKind(new URL("http://2130706433/").hostname)).toBe("loopback");
    expect(hostKind(new URL("http://0x7f.1/").hostname)).toBe("loopback");
    expect(hostKind(new URL("http://0xa9.0xfe.0xa9.0xfe/").hostname)).toBe("internal");
  });

  it.each(["https://gateway.smilepayz.com", "https://sandbox-gateway.smilepayz.com/", "http://127.0.0.1:4010", "http://localhost:4010"])("%s has a fine shape", (url) => {
    expect(gatewayUrlShapeProblem(url)).toBeNull();
  });
});

describe("gateway URL policy (server: allow-list and the sandbox's own address)", () => {
  it("allows the Smilepayz hosts by default and nothing else over https", () => {
    withEnv({ GATEWAY_HOST_ALLOWLIST: undefined });
    expect(gatewayUrlProblem("https://gateway.smilepayz.com")).toBeNull();
    expect(gatewayUrlProblem("https://sandbox-gateway.smilepayz.com")).toBeNull();
    expect(gatewayUrlProblem("https://gateway.smilepayz.com:8443")).toMatch(/allow-list/);
    expect(gatewayUrlProblem("https://evil.example.com")).toMatch(/allow-list/);
    expect(gatewayUrlProblem("https://gateway.smilepayz.com.evil.example")).toMatch(/allow-list/);
  });

  it("takes the list from GATEWAY_HOST_ALLOWLIST (hosts, host:port or URLs)", () => {
    withEnv({ GATEWAY_HOST_ALLOWLIST: "pay.example.com, https://other.example.com:8443" });
    expect(gatewayUrlProblem("https://pay.example.com")).toBeNull();
    expect(gatewayUrlProblem("https://other.example.com:8443/v")).toBeNull();
    expect(gatewayUrlProblem("https://gateway.smilepayz.com")).toMatch(/allow-list/);
  });

  it("allows the sandbox gateway's own URL only while it is enabled, and no other loopback port", () => {
    withEnv({ SANDBOX_GATEWAY_URL: "http://127.0.0.1:4010" }); // as npm start hands it over
    expect(gatewayUrlProblem("http://127.0.0.1:4010")).toBeNull();
    expect(isSandboxGatewayUrl("http://127.0.0.1:4010/")).toBe(true);
    expect(gatewayUrlProblem("http://127.0.0.1:5432")).toMatch(/sandbox gateway/);
    expect(gatewayUrlProblem("http://127.0.0.1:4011")).toMatch(/sandbox gateway/);
    expect(gatewayUrlProblem("http://localhost:4010")).toMatch(/sandbox gateway/);
    withEnv({ SANDBOX_GATEWAY_URL: undefined });
    expect(gatewayUrlProblem("http://127.0.0.1:4010")).toMatch(/sandbox gateway/);
    expect(isSandboxGatewayUrl("http://127.0.0.1:4010")).toBe(false);
  });

  it("an allow-list entry never opens a private address", () => {
    withEnv({ GATEWAY_HOST_ALLOWLIST: "169.254.169.254,10.0.0.1" });
    expect(gatewayUrlProblem("https://169.254.169.254")).toMatch(/private network/);
    expect(gatewayUrlProblem("https://10.0.0.1")).toMatch(/private network/);
  });
});
