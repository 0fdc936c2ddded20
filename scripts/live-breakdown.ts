/**
 * Where a live update's time goes (bench only), per pay-out of a `npm run bench:live` phase, from the database's own
 * times and the bench's wall clock (one machine, one clock):
 *   post → stored      the callback's row written (callbacks.received_at) after the bench posted it;
 *   stored → confirmed the SUCCESS transition's transaction began (order_events.created_at, source inquiry): the
 *                      confirmation job's wait, its inquiry-status ask and the settling;
 *   confirmed → screen the event arrived on a stream (every stream's arrival): commit, NOTIFY, the hub's read, the
 *                      fan-out and the SSE write.
 */
import type postgres from "postgres";

export interface Sent {
  orderNo: string;
  /** Date.now() when the bench posted the callback. */
  wall: number;
}

const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: q(s, 0.5), p99: q(s, 0.99), max: s.at(-1) ?? NaN };
};

/** Rows: "post → stored", "stored → confirmed", "confirmed → screen" (p50/p99/max ms). */
export async function liveBreakdown(sql: postgres.Sql, sent: readonly Sent[], arrivals: ReadonlyMap<string, number[]>): Promise<string[]> {
  const orderNos = sent.map((s) => s.orderNo);
  const rows = await sql<{ order_no: string; received: Date | null; confirmed: Date | null }[]>`
    select p.order_no,
           (select min(c.received_at) from callbacks c where c.payout_id = p.id) as received,
           (select min(e.created_at) from order_events e where e.payout_id = p.id and e.source = 'inquiry' and e.to_status = 'SUCCESS') as confirmed
      from payouts p where p.order_no = any(${orderNos})`;
  const at = new Map(rows.map((r) => [r.order_no, r]));
  const stored: number[] = [];
  const confirmed: number[] = [];
  const screen: number[] = [];
  for (const s of sent) {
    const r = at.get(s.orderNo);
    if (!r?.received || !r.confirmed) continue;
    stored.push(r.received.getTime() - s.wall);
    confirmed.push(r.confirmed.getTime() - r.received.getTime());
    for (const a of arrivals.get(s.orderNo) ?? []) screen.push(a - r.confirmed.getTime());
  }
  return [
    ["post → stored (request path)", stored],
    ["stored → confirmed (job wait + inquiry + settle)", confirmed],
    ["confirmed → screen (commit, notify, hub, fan-out)", screen],
  ].map(([what, xs]) => {
    const st = stats(xs as number[]);
    return `| ${what as string} | ${st.n} | ${st.p50.toFixed(1)} | ${st.p99.toFixed(1)} | ${st.max.toFixed(1)} |`;
  });
}

/** GET /api/health every `everyMs` until stopped: its latencies (the same server's floor during the load). */
export function healthProbe(baseUrl: string, everyMs = 100): { stop: () => Promise<number[]> } {
  const out: number[] = [];
  let on = true;
  const loop = (async () => {
    while (on) {
      const t0 = performance.now();
      await fetch(`${baseUrl}/api/health`).then((r) => r.arrayBuffer(), () => undefined);
      out.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      on = false;
      await loop;
      return out;
    },
  };
}
