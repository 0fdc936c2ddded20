import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { parsePrivateKey } from "@/lib/smilepayz/keys";
import { signCallback } from "@/lib/smilepayz/signature";
import { formatTimestamp } from "@/lib/smilepayz/timestamp";
import { expectSafeAndFinal, ledger, printLedger, waitAllFinal } from "./helpers/fault-mix";
import { Harness, sleep } from "./helpers/harness";

/**
 * Issue 22, fault suite 5: callbacks that arrive before the request's own answer, twice, out of order (the final one,
 * then an older status), for the wrong merchant (a correctly signed callback naming another merchant, saying FAILED
 * for an order the gateway makes SUCCESS), and never. Each group ends final, as the gateway says, one status change each.
 */
const PER = Number(process.env.FAULTS_CALLBACK_GROUP ?? 10);
const GROUPS = {
  // The gateway settles at once and calls back while the request's answer is still held back (then times out).
  before: { outcome: "SUCCESS", afterMs: 0, callback: "normal", requestFault: "accept_then_timeout" },
  twice: { outcome: "SUCCESS", afterMs: 500, callback: "duplicate" },
  outOfOrder: { outcome: "FAILED", afterMs: 500, callback: "out_of_order" },
  wrongMerchant: { outcome: "SUCCESS", afterMs: 20_000, callback: "normal" },
  never: { outcome: "SUCCESS", afterMs: 500, callback: "none" },
} as const;
// GATEWAY_TIMEOUT_MS at its default (15 s): the early callback must come while the request still waits for its answer.
const h = new Harness("callbacks", { GATEWAY_TIMEOUT_MS: "15000" });
afterAll(() => h.stop());

describe("callbacks early, twice, out of order, for another merchant, and never", () => {
  it("ends every pay-out as the gateway says, one final change each, forged claims ignored", { timeout: 900_000 }, async () => {
    await h.start();
    await h.prepare();
    const { merchantId, platformPrivateKey } = h.secrets;
    for (const fate of Object.values(GROUPS)) expect((await h.control("POST", "/sandbox/scenarios", { merchantId, count: PER, fate })).status).toBe(201);
    const total = PER * Object.keys(GROUPS).length;
    await h.createPayouts(total, "faults-callbacks");

    // The wrong-merchant group: once the gateway holds them (PROCESSING), a genuinely signed callback for each that
    // names another merchant and says FAILED. The gateway will make them SUCCESS 20 s after they arrived.
    let wrong: { order_no: string; trade_no: string }[] = [];
    for (let i = 0; i < 300 && wrong.length < PER; i++) {
      wrong = await h.q(sql`select order_no, trade_no from sandbox_gateway.orders where (fate->>'afterMs')::int = 20000`);
      if (wrong.length < PER) await sleep(200);
    }
    const forged: Record<string, number> = {};
    const key = parsePrivateKey(platformPrivateKey);
    for (const o of wrong) {
      const timestamp = formatTimestamp(new Date(), 7 * 60);
      const res = await fetch(`${h.baseUrl}/api/callbacks/smilepayz`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-timestamp": timestamp, "x-signature": signCallback({ tradeNo: o.trade_no, timestamp, privateKey: key }) },
        body: JSON.stringify({ orderNo: o.order_no, tradeNo: o.trade_no, merchantId: "SOMEONE-ELSE", merchantName: "x", paymentMethod: "KBANK", transactionTime: timestamp, status: "FAILED", money: { currency: "THB", amount: 100 } }),
      });
      forged[res.status] = (forged[res.status] ?? 0) + 1;
    }
    const done = await waitAllFinal(h, 300_000);
    const l = await ledger(h, total);
    const groups = await h.q<{ grp: string; status: string; n: string; callbacks: string; final_from: string | null; finals: string }>(sql`
      with o as (
        select p.id, p.status::text as status, g.fate->>'callback' as cb, g.fate->>'requestFault' as rf, (g.fate->>'afterMs')::int as after_ms
          from payouts p join sandbox_gateway.orders g on g.order_no = p.order_no),
      f as (select payout_id, count(*) as finals, string_agg(coalesce(from_status, '') || '>' || source::text, ',') as final_from from order_events
             where order_type = 'payout' and to_status in ('SUCCESS', 'FAILED', 'EXPIRED') group by payout_id)
      select case when o.rf = 'accept_then_timeout' then 'before' when o.after_ms = 20000 then 'wrongMerchant' when o.cb = 'duplicate' then 'twice'
                  when o.cb = 'out_of_order' then 'outOfOrder' else 'never' end as grp, o.status, count(*)::text as n,
             (select count(*) from callbacks c where c.payout_id = any(array_agg(o.id)))::text as callbacks,
             string_agg(distinct f.final_from, ' ') as final_from, max(f.finals)::text as finals
        from o left join f on f.payout_id = o.id group by 1, 2 order by 1, 2`);
    printLedger("callbacks", l, { "forged wrong-merchant answers": forged, "open at the limit": done.open });
    for (const g of groups) console.log(`[faults:callbacks] ${g.grp}: ${g.n} ${g.status}, ${g.callbacks} callbacks received, final changes (from>source) ${g.final_from}, most final changes per pay-out ${g.finals}`);
    expectSafeAndFinal(l, total);
    const by = (grp: string) => groups.filter((g) => g.grp === grp);
    for (const grp of Object.keys(GROUPS)) expect(by(grp).reduce((n, g) => n + Number(g.n), 0)).toBe(PER);
    for (const g of groups) expect(Number(g.finals)).toBe(1);
    expect(by("wrongMerchant").map((g) => g.status)).toEqual(["SUCCESS"]);
    expect(by("outOfOrder").map((g) => g.status)).toEqual(["FAILED"]);
    expect(wrong.length).toBe(PER);
    // The early callback decided some of them while their request was still waiting for its answer (SENDING).
    expect(by("before")[0]?.final_from ?? "").toContain("SENDING>");
  });
});
