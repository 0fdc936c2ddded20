import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb } from "@/db";
import { ISSUE_MIX, N, SEED, expectSafeAndFinal, ledger, printLedger, queueMix, waitAllFinal } from "./helpers/fault-mix";
import { Harness, sleep } from "./helpers/harness";
import { signIn, type Session } from "./helpers/http";

/**
 * Issue 22, fault suite 3: the database restarted (pg_ctl stop -m fast, then start) in the middle of a run of N
 * pay-outs through the faulty gateway, while the app stays up. Requests during the gap get a clear 503 in the one
 * error shape and write nothing; afterwards the app serves again with no one's help and nothing is lost: every
 * pay-out the gateway received ends final, each reached it at most once.
 */
const h = new Harness("db");
afterAll(() => h.stop());
const GAP_MS = 5_000;
const body = (i: number) => ({ credentialId: h.credId, region: "TH", method: "KBANK", account: String(2_000_000_000 + i), amount: "100", purpose: `DB gap ${i}` });

async function create(s: Session, key: string, i: number) {
  const res = await s.fetch("/api/payouts", { method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify(body(i)) });
  return { status: res.status, json: (await res.json().catch(() => null)) as { error?: { code: string; message: string }; replayed?: boolean } | null };
}

describe("the database restarted under a running app", () => {
  it("answers 503 during the gap, writes nothing then, and recovers by itself losing nothing", { timeout: 900_000 }, async () => {
    await h.start();
    await h.prepare();
    const support = await signIn(h.baseUrl, "support@demo.test", "support-demo-password", false);
    const finance = await signIn(h.baseUrl, "finance@demo.test", "finance-demo-password", true);
    const drawn = await queueMix(h, N + 1, ISSUE_MIX, SEED + 3);
    await h.createPayouts(N, "faults-db");
    // Mid-run: a third of them on their way.
    for (let i = 0; i < 600; i++) {
      const [r] = await h.q<{ n: string }>(sql`select count(*)::text as n from payouts where status <> 'APPROVED'`);
      if (Number(r?.n) >= N / 3) break;
      await sleep(50);
    }
    await closeDb();
    const tStop = Date.now();
    h.stopDatabase();
    const stopMs = Date.now() - tStop;
    const gap: Record<string, number> = {};
    const shapes: unknown[] = [];
    const tally = (k: string) => (gap[k] = (gap[k] ?? 0) + 1);
    let k = 0;
    while (Date.now() - tStop < GAP_MS) {
      const health = await fetch(`${h.baseUrl}/api/health`);
      tally(`health ${health.status}`);
      const list = await support.fetch("/api/payouts?limit=5");
      tally(`list ${list.status}`);
      shapes.push(await list.json().catch(() => "not json"));
      const made = await create(finance, `db-gap-${k}`, k);
      tally(`create ${made.status}`);
      shapes.push(made.json);
      k++;
      await sleep(250);
    }
    h.startDatabase();
    const tStart = Date.now();
    let healthyMs = -1;
    for (let i = 0; i < 600; i++) {
      if ((await fetch(`${h.baseUrl}/api/health`)).ok) {
        healthyMs = Date.now() - tStart;
        break;
      }
      await sleep(100);
    }
    // The same requests again, by themselves: served, and the refused creations were not half-kept (201, not a replay).
    let listAfter = 0;
    for (let i = 0; i < 100 && listAfter !== 200; i++) {
      listAfter = (await support.fetch("/api/payouts?limit=5")).status;
      if (listAfter !== 200) await sleep(200);
    }
    const again = await create(finance, "db-gap-0", 0);
    const done = await waitAllFinal(h, 240_000, { crashes: true });
    const l = await ledger(h, 2 * (N + 1));
    const [kept] = await h.q<{ n: string }>(sql`select count(*)::text as n from payouts where idempotency_key like 'db-gap-%'`);
    // How soon the app was at work again: its first status change, and the gateway's first inquiry, after the start.
    const since = new Date(tStart).toISOString();
    const [resumed] = await h.q<{ change_ms: string | null; ask_ms: string | null }>(sql`
      select (select round(extract(epoch from min(created_at) - ${since}::timestamptz) * 1000)::text from order_events where created_at > ${since}::timestamptz) as change_ms,
             (select round(extract(epoch from min(received_at) - ${since}::timestamptz) * 1000)::text from sandbox_gateway.inquiries where received_at > ${since}::timestamptz) as ask_ms`);
    printLedger("db-restart", l, {
      "faults drawn": drawn,
      "pg_ctl stop -m fast took": `${stopMs} ms`,
      "answers during the gap": gap,
      "healthy again after start in": `${healthyMs} ms`,
      "first status change after start": `${resumed?.change_ms ?? "-"} ms`,
      "first inquiry after start": `${resumed?.ask_ms ?? "-"} ms`,
      "list after": listAfter,
      "refused creation retried": again.status,
      "open at the limit": done.open,
    });
    expect(gap[`health 503`]).toBeGreaterThan(0);
    for (const key of Object.keys(gap)) expect(key).toMatch(/ 503$/);
    for (const s of shapes) expect(s).toEqual({ error: { code: "unavailable", message: expect.any(String) } });
    expect(healthyMs).toBeGreaterThanOrEqual(0);
    expect(listAfter).toBe(200);
    expect(again.status).toBe(201);
    expect(again.json?.replayed).toBe(false);
    expect(Number(kept?.n)).toBe(1);
    expectSafeAndFinal(l, N + 1, { crashes: true });
  });
});
