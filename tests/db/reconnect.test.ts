import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "@/db";
import { isPostgresClosedWriteThrow } from "@/db/reconnect";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP relay to the test database that can go away (refuse and drop every connection) and come back on its port. */
async function relayTo(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return {
    url: url.toString(),
    down: () => new Promise<void>((r) => {
      server.close(() => r());
      for (const s of sockets) s.destroy();
    }),
    up: () => new Promise<void>((r) => server.listen(port, "127.0.0.1", r)),
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

describe("the app's database pool after its database went away", () => {
  it("connects again soon after the database is back, however many connections failed while it was away", async () => {
    const relay = await relayTo(process.env.DATABASE_URL ?? "");
    cleanup.push(relay.close);
    const pool = createDb(relay.url, 4);
    cleanup.push(() => pool.sql.end({ timeout: 1 }));
    const one = () => pool.sql`select 1 as one`.then(() => "answered", (e: { code?: string }) => e.code ?? "error");
    expect(await one()).toBe("answered");

    // Away for three seconds while requests and jobs keep trying: every failure counts toward the pool's backoff.
    await relay.down();
    const t0 = Date.now();
    const away: Promise<string>[] = [];
    while (Date.now() - t0 < 3_000) {
      away.push(...Array.from({ length: 4 }, one));
      await sleep(50);
    }
    await relay.up();
    const back = Date.now();
    // Every query made while it was away has its answer or its error within a few seconds of its return
    // (postgres.js's own backoff had them wait 10-20 s more for a database that was there).
    const outcomes = count(await Promise.all(away));
    const settledMs = Date.now() - back;
    expect(await one()).toBe("answered");
    console.log(`[reconnect] the ${away.length} queries made while the database was away settled ${settledMs} ms after it was back: ${JSON.stringify(outcomes)}`);
    expect(settledMs).toBeLessThan(5_000);
  });
});

function count(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

describe("the postgres.js throw a process carries on after", () => {
  it("is postgres.js's TypeError under a closing connection, and no other error", () => {
    const theirs = new TypeError("Cannot read properties of null (reading 'write')");
    theirs.stack = `${theirs.message}\n    at Timeout.nextWrite (/app/node_modules/postgres/src/connection.js:253:14)`;
    expect(isPostgresClosedWriteThrow(theirs)).toBe(true);
    const elsewhere = new TypeError("Cannot read properties of null (reading 'write')");
    elsewhere.stack = `${elsewhere.message}\n    at Socket.write (/app/lib/something.ts:1:1)`;
    expect(isPostgresClosedWriteThrow(elsewhere)).toBe(false);
    expect(isPostgresClosedWriteThrow(new Error("reading 'write' postgres/src/connection.js"))).toBe(false);
    expect(isPostgresClosedWriteThrow("reading 'write'")).toBe(false);
  });
});
