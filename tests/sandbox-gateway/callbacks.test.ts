import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxGateway } from "@/sandbox-gateway";
import { CALLBACK_WORK, SETTLE_WORK } from "@/sandbox-gateway/queues";
import { getRegion } from "@/lib/smilepayz/regions";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { verifyCallback } from "@/lib/smilepayz/signature";
import { isTimestampFresh } from "@/lib/smilepayz/timestamp";
import { PLATFORM_PUBLIC } from "../helpers/fixtures";
import { gatewayForFile, readGatewayOrder, registerTestMerchant, scenario } from "../helpers/gateway";

interface Received {
  body: { tradeNo: string; orderNo: string; status: string };
  timestamp: string;
  signatureValid: boolean;
}

let gw: SandboxGateway;
let hook: Server;
let hookUrl = "";
const received: Received[] = [];
/** How many answers to refuse per orderNo before saying SUCCESS. */
const refuse = new Map<string, number>();

const g = gatewayForFile();
beforeAll(async () => {
  gw = g.gw;
  hook = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const body = JSON.parse(raw) as Received["body"];
      const timestamp = String(req.headers["x-timestamp"] ?? "");
      const signatureValid = verifyCallback({ tradeNo: body.tradeNo, timestamp, signature: String(req.headers["x-signature"] ?? ""), platformPublicKey: PLATFORM_PUBLIC });
      received.push({ body, timestamp, signatureValid });
      const left = refuse.get(body.orderNo) ?? 0;
      if (left > 0) {
        refuse.set(body.orderNo, left - 1);
        res.writeHead(500).end("try later");
      } else {
        res.writeHead(200, { "content-type": "text/plain" }).end("SUCCESS");
      }
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/callback`;
});
afterAll(async () => {
  await new Promise((r) => hook.close(r));
});

async function until<T>(fn: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function payout(m: Awaited<ReturnType<typeof registerTestMerchant>>, orderNo: string) {
  const r = await m.client().payOut(getRegion("TH"), {
    orderNo, purpose: "Supplier payment", merchant: { merchantId: m.merchantId },
    money: { currency: "THB", amount: 1500 }, paymentMethod: "KBANK", cashAccount: "1234567890", callbackUrl: hookUrl,
  });
  if (r.outcome !== "accepted") throw new Error(`not accepted: ${r.outcome}`);
  return r.body;
}

describe("sandbox gateway workers", () => {
  // A payroll's orders settle and call back at the pace of the machine, not one batch per loop per half-second poll
  // (pg-boss skips the poll's wait after a full batch only with burstWhenBatchFull and a batch over one).
  it("fetch the next batch at once while settling or calling back comes back in full batches", () => {
    for (const work of [SETTLE_WORK, CALLBACK_WORK]) {
      expect(work.burstWhenBatchFull).toBe(true);
      expect(work.batchSize).toBeGreaterThan(1);
    }
  });
});

describe("sandbox gateway callbacks", () => {
  it("sends a callback signed with the platform key, in the region's offset, when the order becomes final", async () => {
    const m = await registerTestMerchant(gw);
    const orderNo = generateOrderNo("TH");
    await scenario(gw, { orderNo, fate: { outcome: "FAILED", afterMs: 0 } });
    const res = await payout(m, orderNo);
    const cb = await until(() => received.find((r) => r.body.orderNo === orderNo));
    expect(cb.signatureValid).toBe(true);
    expect(cb.body).toMatchObject({ tradeNo: res.tradeNo, status: "FAILED" });
    expect(cb.timestamp).toMatch(/\+07:00$/);
    expect(isTimestampFresh(cb.timestamp, new Date())).toBe(true);
    const o = await readGatewayOrder(gw, res.tradeNo ?? "");
    expect(o?.order.status).toBe("FAILED");
  });

  it("retries until the merchant answers 200 SUCCESS, recording every attempt", async () => {
    const m = await registerTestMerchant(gw);
    const orderNo = generateOrderNo("TH");
    refuse.set(orderNo, 2);
    await scenario(gw, { orderNo, fate: { outcome: "SUCCESS", afterMs: 0 } });
    const res = await payout(m, orderNo);
    const attempts = await until(async () => {
      const o = await readGatewayOrder(gw, res.tradeNo ?? "");
      return o?.callbackAttempts.some((a) => a.delivered) ? o.callbackAttempts : undefined;
    }, 30_000);
    expect(attempts.map((a) => [a.httpStatus, a.delivered])).toEqual([[500, false], [500, false], [200, true]]);
    expect(received.filter((r) => r.body.orderNo === orderNo).every((r) => r.signatureValid)).toBe(true);
  }, 40_000);

  it("can send a duplicate, or a stale PROCESSING after the final status, or nothing at all", async () => {
    const m = await registerTestMerchant(gw);
    const dup = generateOrderNo("TH");
    const ooo = generateOrderNo("TH");
    const none = generateOrderNo("TH");
    await scenario(gw, { orderNo: dup, fate: { outcome: "SUCCESS", afterMs: 0, callback: "duplicate" } });
    await scenario(gw, { orderNo: ooo, fate: { outcome: "SUCCESS", afterMs: 0, callback: "out_of_order" } });
    await scenario(gw, { orderNo: none, fate: { outcome: "SUCCESS", afterMs: 0, callback: "none" } });
    const noneRes = await payout(m, none);
    await payout(m, dup);
    await payout(m, ooo);
    await until(() => (received.filter((r) => r.body.orderNo === dup).length >= 2 ? true : undefined));
    const seq = await until(() => {
      const s = received.filter((r) => r.body.orderNo === ooo).map((r) => r.body.status);
      return s.length >= 2 ? s : undefined;
    });
    expect(seq).toEqual(["SUCCESS", "PROCESSING"]);
    const o = await until(async () => {
      const x = await readGatewayOrder(gw, noneRes.tradeNo ?? "");
      return x?.order.status === "SUCCESS" ? x : undefined;
    });
    expect(o.callbackAttempts).toEqual([]);
    expect(received.some((r) => r.body.orderNo === none)).toBe(false);
  }, 40_000);
});
