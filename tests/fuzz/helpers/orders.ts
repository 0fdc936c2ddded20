import { randomBytes } from "node:crypto";
import { demoSecrets, freshUser, gatewayToken, gatewayUrl, signedIn, type Session } from "../../e2e/helpers/app";
import { db } from "./db-state";

/** Real pay-outs for the hostile suites to aim at: some the gateway settled (with signed callbacks), some still open. */
export interface RealOrder {
  id: number;
  orderNo: string;
  tradeNo: string;
  status: string;
}

export function control(method: string, path: string, body?: unknown) {
  return fetch(`${gatewayUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${gatewayToken()}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 90_000, every = 250): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

export async function demoCredentialId(): Promise<number> {
  const [m] = await db()<{ id: number }[]>`select id from merchants where merchant_id = ${demoSecrets().merchantId}`;
  if (!m) throw new Error("no demo credential");
  return Number(m.id);
}

/** A finance user of its own (all merchants), so the JSON suite's changes to the demo users never get in the way. */
export async function financeSession(): Promise<Session> {
  const u = await freshUser("finance", { allMerchants: true });
  return signedIn(u.email, u.password, u.secret);
}

/** Thai pay-outs of 1,500 THB (under the demo's approval threshold): `settled` succeed in a second, `open` stay. */
export async function makeOrders(finance: Session, settled: number, open: number): Promise<{ settled: RealOrder[]; open: RealOrder[] }> {
  const credentialId = await demoCredentialId();
  const make = async (afterMs: number) => {
    const orderNo = `FZ${randomBytes(8).toString("hex").toUpperCase()}`;
    const sc = await control("POST", "/sandbox/scenarios", { orderNo, count: 1, fate: { outcome: "SUCCESS", afterMs } });
    if (!sc.ok) throw new Error(`sandbox scenario: ${sc.status} ${await sc.text()}`);
    const account = String(BigInt(`0x${orderNo.slice(2, 14)}`) % 10n ** 10n).padStart(10, "1");
    const res = await finance.fetch("/api/payouts", {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `fuzz-${orderNo}` },
      body: JSON.stringify({ credentialId, region: "TH", method: "KBANK", account, amount: "1,500", purpose: "Hostile input suite", orderNo }),
    });
    if (res.status !== 201) throw new Error(`pay-out not created: ${res.status} ${await res.text()}`);
    return orderNo;
  };
  const quick = await Promise.all(Array.from({ length: settled }, () => make(500)));
  const slow = await Promise.all(Array.from({ length: open }, () => make(3_600_000)));
  const rows = (want: string[], status: string) =>
    waitFor(`${want.length} pay-outs ${status}`, async () => {
      const r = await db()<RealOrder[]>`select id::int, order_no as "orderNo", trade_no as "tradeNo", status::text from payouts where order_no in ${db()(want)}`;
      return r.length === want.length && r.every((o) => o.status === status && o.tradeNo) ? r : null;
    });
  return { settled: await rows(quick, "SUCCESS"), open: await rows(slow, "PROCESSING") };
}
