import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayToken, gatewayUrl } from "./helpers/app";
import { launchBrowser } from "./helpers/browser";

/**
 * A page of another loopback port tries to force an outcome and to replace a merchant's public
 * key through the sandbox gateway's control API, as a `no-cors` POST did before the control token existed.
 */
let browser: Browser;
let attacker: Server;
let attackerUrl = "";
const merchantId = `sandbox-${randomBytes(3).toString("hex")}`;
const spki = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "der" }).toString("base64");
const ownKey = spki();
const attackerKey = spki();

function control(method: string, path: string, body?: unknown) {
  return fetch(`${gatewayUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${gatewayToken()}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const scenariosOf = async (id: string) =>
  ((await (await control("GET", `/sandbox/scenarios?merchantId=${id}`)).json()) as { scenarios: { merchantId: string; fate: { outcome: string } }[] }).scenarios;
const publicKeyOf = async (id: string) => ((await (await control("GET", `/sandbox/merchants/${id}`)).json()) as { publicKey: string }).publicKey;

/** What the attacking page runs: each request's result lands in window.attack. */
function attackPage(gateway: string): string {
  const scenario = JSON.stringify({ merchantId, count: 100, fate: { outcome: "FAILED", afterMs: 0 } });
  const merchant = JSON.stringify({ merchantSecret: "attacker-secret", publicKey: attackerKey, name: "pwned" });
  return `<!doctype html><meta charset="utf-8"><title>a page on another port</title><script>
const g = ${JSON.stringify(gateway)};
const tryIt = (p) => p.then((r) => r.type + ":" + r.status, (e) => "refused:" + e.name);
(async () => {
  window.attack = {
    noCorsPost: await tryIt(fetch(g + "/sandbox/scenarios", { method: "POST", mode: "no-cors", body: ${JSON.stringify(scenario)} })),
    noCorsJson: await tryIt(fetch(g + "/sandbox/scenarios", { method: "POST", mode: "no-cors", headers: { "content-type": "application/json" }, body: ${JSON.stringify(scenario)} })),
    corsPut: await tryIt(fetch(g + "/sandbox/merchants/${merchantId}", { method: "PUT", headers: { "content-type": "application/json" }, body: ${JSON.stringify(merchant)} })),
    corsRead: await tryIt(fetch(g + "/sandbox/merchants/${merchantId}")),
  };
})();
</script><p>nothing to see</p>`;
}

beforeAll(async () => {
  const reg = await control("PUT", `/sandbox/merchants/${merchantId}`, { merchantSecret: randomBytes(16).toString("hex"), publicKey: ownKey });
  expect(reg.status).toBe(200);
  attacker = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(attackPage(gatewayUrl())));
  await new Promise<void>((r) => attacker.listen(0, "127.0.0.1", () => r()));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
  await new Promise((r) => attacker.close(r));
});

describe("sandbox gateway control API from another origin", () => {
  it("a page on another loopback port can neither add a scenario nor replace a merchant's public key", async () => {
    expect(new URL(attackerUrl).origin).not.toBe(new URL(gatewayUrl()).origin);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(attackerUrl);
    await page.waitForFunction(() => (window as unknown as { attack?: unknown }).attack !== undefined, undefined, { timeout: 20_000 });
    const attack = await page.evaluate(() => (window as unknown as { attack: Record<string, string> }).attack);
    await context.close();

    // The simple requests went out (an opaque answer came back); the others died at the preflight or the read.
    expect(attack).toEqual({ noCorsPost: "opaque:0", noCorsJson: "opaque:0", corsPut: "refused:TypeError", corsRead: "refused:TypeError" });
    expect(await scenariosOf(merchantId)).toEqual([]);
    expect(await publicKeyOf(merchantId)).toBe(ownKey);

    // The same scenario with the token and a JSON body is accepted: the refusal above was the gateway's, not the body's.
    expect((await control("POST", "/sandbox/scenarios", { merchantId, count: 1, fate: { outcome: "FAILED" } })).status).toBe(201);
    expect((await scenariosOf(merchantId)).map((s) => s.fate.outcome)).toEqual(["FAILED"]);
    expect((await control("DELETE", `/sandbox/scenarios?merchantId=${merchantId}`)).status).toBe(200);
  });

  it("the control API wants the token even from plain HTTP, and the wire protocol and cashier stay as they were", async () => {
    const bare = await fetch(`${gatewayUrl()}/sandbox/scenarios`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ merchantId }) });
    expect(bare.status).toBe(401);
    const plain = await fetch(`${gatewayUrl()}/sandbox/scenarios`, { method: "POST", headers: { authorization: `Bearer ${gatewayToken()}`, "content-type": "text/plain" }, body: JSON.stringify({ merchantId }) });
    expect(plain.status).toBe(415);
    expect(await scenariosOf(merchantId)).toEqual([]);
    // Unsigned wire request: the protocol's own refusal (HTTP 200, a code), not the control API's 401.
    const wire = await fetch(`${gatewayUrl()}/v2.0/inquiry-balance`, { method: "POST", headers: { "content-type": "application/json", "x-partner-id": merchantId }, body: "{}" });
    expect(wire.status).toBe(200);
    expect(((await wire.json()) as { code: string }).code).not.toBe("00");
    const cashier = await fetch(`${gatewayUrl()}/cashier/NOSUCHORDER`);
    expect([cashier.status, cashier.headers.get("content-type")]).toEqual([404, "text/html; charset=utf-8"]);
    expect((await fetch(`${gatewayUrl()}/sandbox/platform-public-key`)).status).toBe(200);
  });
});
