import { randomBytes } from "node:crypto";
import type postgres from "postgres";
import { signCallback } from "../lib/smilepayz/signature";
import { formatTimestamp } from "../lib/smilepayz/timestamp";

/**
 * Pay-outs the gateway has accepted (PROCESSING, with a tradeNo) and the signed SUCCESS callback that ends each,
 * for the live tests and `npm run bench:live`. Rows are written as the database owner, as any fixture is.
 */
export interface Accepted {
  id: number;
  orderNo: string;
  tradeNo: string;
}

export async function acceptedPayouts(sql: postgres.Sql, merchantRowId: number, n: number): Promise<Accepted[]> {
  const tag = randomBytes(4).toString("hex").toUpperCase();
  const rows = Array.from({ length: n }, (_, i) => ({
    merchant_id: merchantRowId,
    region: "TH",
    order_no: `LV${tag}${i}`,
    trade_no: `LT${tag}${i}`,
    amount_minor: "150000",
    currency: "THB",
    payment_method: "KBANK",
    // Accounts of their own (a beneficiary's last 24 hours count towards other tests' approval thresholds).
    cash_account: `8${String(i).padStart(9, "0")}`,
    beneficiary_key: `KBANK:8${String(i).padStart(9, "0")}`,
    purpose: "live test",
    status: "PROCESSING",
    content_hash: "live",
  }));
  // The gateway's own record of the same orders, accepted and paid: a callback is only news now, and the app
  // makes each final from inquiry-status, which reads this (sandbox-gateway/handle-inquiries.ts).
  const [m] = await sql<{ merchant_id: string }[]>`select merchant_id from merchants where id = ${merchantRowId}`;
  if (!m) throw new Error(`no merchant ${merchantRowId}`);
  const gatewayRows = rows.map((r) => ({
    trade_no: r.trade_no,
    merchant_id: m.merchant_id,
    order_no: r.order_no,
    trade_type: 2,
    currency: "THB",
    amount: "1500",
    payment_method: "KBANK",
    status: "SUCCESS",
    request: sql.json({}),
    fate: sql.json({ outcome: "SUCCESS", afterMs: 0, callback: "none" }),
    final_at: new Date(),
  }));
  for (let i = 0; i < gatewayRows.length; i += 1000) await sql`insert into sandbox_gateway.orders ${sql(gatewayRows.slice(i, i + 1000))}`;
  const out: Accepted[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const got = await sql<{ id: string; order_no: string; trade_no: string }[]>`
      insert into payouts ${sql(rows.slice(i, i + 1000))} returning id::text, order_no, trade_no`;
    out.push(...got.map((r) => ({ id: Number(r.id), orderNo: r.order_no, tradeNo: r.trade_no })));
  }
  return out;
}

/** POST a signed SUCCESS callback for `p` to an instance; resolves with the HTTP status and answer text. */
export async function postCallback(baseUrl: string, p: Accepted, keys: { merchantId: string; platformPrivateKey: string }): Promise<{ status: number; text: string }> {
  const timestamp = formatTimestamp(new Date(), 420);
  const body = JSON.stringify({ orderNo: p.orderNo, tradeNo: p.tradeNo, merchantId: keys.merchantId, paymentMethod: "KBANK", status: "SUCCESS", money: { currency: "THB", amount: 1500 } });
  const res = await fetch(`${baseUrl}/api/callbacks/smilepayz`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-timestamp": timestamp, "x-signature": signCallback({ tradeNo: p.tradeNo, timestamp, privateKey: keys.platformPrivateKey }) },
    body,
  });
  return { status: res.status, text: await res.text() };
}
