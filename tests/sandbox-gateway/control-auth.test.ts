import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { startSandboxGateway, type SandboxGateway } from "@/sandbox-gateway";
import { publicKeyToBase64Der, parsePublicKey } from "@/lib/smilepayz/keys";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { getRegion } from "@/lib/smilepayz/regions";
import { MERCHANT_PUBLIC, PLATFORM_PRIVATE, PLATFORM_PUBLIC } from "../helpers/fixtures";
import { GATEWAY_TOKEN, gatewayForFile, registerTestMerchant } from "../helpers/gateway";

let gw: SandboxGateway;
let m: Awaited<ReturnType<typeof registerTestMerchant>>;
let tradeNo = "";

const g = gatewayForFile();
beforeAll(async () => {
  gw = g.gw;
  m = await registerTestMerchant(gw);
  const r = await m.client().payOut(getRegion("TH"), {
    orderNo: generateOrderNo("TH"), purpose: "Supplier payment", merchant: { merchantId: m.merchantId },
    money: { currency: "THB", amount: 1500 }, paymentMethod: "KBANK", cashAccount: "1234567890",
  });
  if (r.outcome !== "accepted") throw new Error(`not accepted: ${r.outcome}`);
  tradeNo = r.body.tradeNo ?? "";
});

type Auth = "none" | "wrong" | "right";
function call(method: string, path: string, opts: { auth?: Auth; type?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.auth === "right") headers.authorization = `Bearer ${GATEWAY_TOKEN}`;
  if (opts.auth === "wrong") headers.authorization = `Bearer ${GATEWAY_TOKEN.slice(0, -1)}${GATEWAY_TOKEN.endsWith("A") ? "B" : "A"}`;
  if (opts.type) headers["content-type"] = opts.type;
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return fetch(`${gw.url}${path}`, { method, headers, body });
}

const ok = { auth: "right" as const };
const state = async () => {
  const merchant = (await (await call("GET", `/sandbox/merchants/${m.merchantId}`, ok)).json()) as { publicKey: string };
  const scenarios = (await (await call("GET", `/sandbox/scenarios?merchantId=${m.merchantId}`, ok)).json()) as { scenarios: unknown[] };
  const order = (await (await call("GET", `/sandbox/orders/${tradeNo}`, ok)).json()) as { order: { status: string } };
  return { publicKey: merchant.publicKey, scenarios: scenarios.scenarios.length, status: order.order.status };
};

/** Every control route, with a body that would change something when accepted. */
const routes = () => [
  { method: "PUT", path: `/sandbox/merchants/${m.merchantId}`, body: { merchantSecret: "attacker", publicKey: PLATFORM_PUBLIC }, status: 200 },
  { method: "GET", path: `/sandbox/merchants/${m.merchantId}`, status: 200 },
  { method: "POST", path: "/sandbox/scenarios", body: { merchantId: m.merchantId, count: 5, fate: { outcome: "FAILED" } }, status: 201 },
  { method: "GET", path: `/sandbox/scenarios?merchantId=${m.merchantId}`, status: 200 },
  { method: "DELETE", path: `/sandbox/scenarios?merchantId=${m.merchantId}`, status: 200 },
  { method: "POST", path: `/sandbox/orders/${tradeNo}/fate`, body: { outcome: "FAILED" }, status: 200 },
  { method: "GET", path: `/sandbox/orders/${tradeNo}`, status: 200 },
];

describe("sandbox gateway control API: the token", () => {
  it("refuses every control route without the token or with a wrong one (401), and nothing changes", async () => {
    // A queued scenario, so that an unauthenticated DELETE would be seen removing it.
    expect((await call("POST", "/sandbox/scenarios", { ...ok, type: "application/json", body: { merchantId: m.merchantId, count: 1 } })).status).toBe(201);
    const before = await state();
    expect(before).toEqual({ publicKey: publicKeyToBase64Der(parsePublicKey(MERCHANT_PUBLIC)), scenarios: 1, status: "PROCESSING" });

    for (const r of routes()) {
      for (const auth of ["none", "wrong"] as const) {
        const res = await call(r.method, r.path, { auth, type: "application/json", body: r.body });
        expect(res.status, `${auth} ${r.method} ${r.path}`).toBe(401);
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect(await res.text()).not.toContain(m.merchantId);
      }
    }
    // Other ways of presenting the token are not the header asked for.
    const put = routes()[0];
    const elsewhere: Record<string, string>[] = [{ authorization: GATEWAY_TOKEN }, { authorization: `Basic ${GATEWAY_TOKEN}` }, { "x-token": GATEWAY_TOKEN }];
    for (const headers of elsewhere) {
      expect((await call("PUT", put?.path ?? "", { headers, type: "application/json", body: put?.body })).status).toBe(401);
    }
    expect((await call("PUT", `${put?.path}?token=${GATEWAY_TOKEN}`, { type: "application/json", body: put?.body })).status).toBe(401);
    expect((await call("GET", "/sandbox/no-such-route")).status).toBe(401);
    expect(await state()).toEqual(before);
  });

  it("refuses a body that is not declared application/json (415), even with the token", async () => {
    const before = await state();
    for (const r of routes().filter((x) => x.body)) {
      for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", undefined]) {
        const res = await call(r.method, r.path, { ...ok, type, body: r.body });
        expect(res.status, `${type} ${r.method} ${r.path}`).toBe(415);
      }
    }
    expect(await state()).toEqual(before);
  });

  it("answers every control route with the token and a JSON body", async () => {
    for (const r of routes()) {
      const res = await call(r.method, r.path, { ...ok, type: r.body ? "application/json; charset=utf-8" : undefined, body: r.body });
      expect(res.status, `${r.method} ${r.path}`).toBe(r.status);
    }
    const after = await state();
    // The PUT replaced the key, the DELETE cleared the merchant's scenarios, the fate settled the order.
    expect(after).toEqual({ publicKey: publicKeyToBase64Der(parsePublicKey(PLATFORM_PUBLIC)), scenarios: 0, status: "FAILED" });
  });

  it("keeps the platform's public key readable without the token", async () => {
    const res = await call("GET", "/sandbox/platform-public-key");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(publicKeyToBase64Der(parsePublicKey(PLATFORM_PUBLIC)));
  });

  it("answers a CORS preflight without any Access-Control-Allow-* header, and no answer carries one", async () => {
    const pre = await fetch(`${gw.url}/sandbox/merchants/${m.merchantId}`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:5299", "access-control-request-method": "PUT", "access-control-request-headers": "content-type, authorization" },
    });
    expect(pre.status).toBe(204);
    const cors = (h: Headers) => [...h.keys()].filter((k) => k.startsWith("access-control-"));
    expect(cors(pre.headers)).toEqual([]);
    const get = await call("GET", `/sandbox/orders/${tradeNo}`, { ...ok, headers: { origin: "http://127.0.0.1:5299" } });
    expect(get.status).toBe(200);
    expect(cors(get.headers)).toEqual([]);
  });

  it("will not start with a short token", async () => {
    await expect(
      startSandboxGateway({ databaseUrl: "postgres://nobody@127.0.0.1:1/none", port: 0, platformPrivateKey: PLATFORM_PRIVATE, controlToken: randomBytes(4).toString("hex") }),
    ).rejects.toThrow(/at least 16/);
  });
});
