import "server-only";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { PgBoss } from "pg-boss";
import postgres from "postgres";
import { parsePrivateKey } from "@/lib/smilepayz/keys";
import { PATHS } from "@/lib/smilepayz/wire";
import { authenticate } from "./authenticate";
import { cashierAct, cashierPage } from "./cashier";
import type { GatewayContext } from "./context";
import { MIN_TOKEN_LENGTH } from "./control-auth";
import { serveControl } from "./control-routes";
import { deliverCallback } from "./deliver-callback";
import { LIVELY_DEFAULTS, type FateDefaults } from "./fate";
import { handleInquiryBalance, handleInquiryStatus } from "./handle-inquiries";
import { handlePayIn, handlePayOut, type Reply } from "./handle-orders";
import { readRaw, sendJson, sendText } from "./http-util";
import { CALLBACK_WORK, Q_CALLBACK, Q_SETTLE, SETTLE_WORK, type CallbackJob, type SettleJob } from "./queues";
import { settleOrder, settleOverdue } from "./settle-order";
import { reconnectBackoff } from "@/db/reconnect";

// The public face: scripts and tests import this module only (the sandbox's own tests may reach inside).
export { accountNoFor, registerMerchant } from "./control";
export type { GatewayContext } from "./context";
export { SANDBOX_ACCOUNT_NAME } from "./handle-orders";
// Its own tables, for tests that look at what it stored.
export { gwAccounts, gwMerchants } from "./schema";

export interface SandboxGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MIGRATIONS = path.resolve(import.meta.dirname, "..", "drizzle", "sandbox-gateway");

/**
 * The sandbox gateway: a real HTTP server speaking the Smilepayz v2.0 wire protocol, with its orders in the
 * `sandbox_gateway` schema and its delayed work (fates, callback deliveries with retries) on pg-boss.
 */
export async function startSandboxGateway(opts: {
  databaseUrl: string;
  port: number;
  host?: string;
  platformPrivateKey: string;
  /** The bearer token every control route but the platform's public key requires. */
  controlToken: string;
  defaults?: Partial<FateDefaults>;
  openingBalance?: number;
  now?: () => Date;
}): Promise<SandboxGateway> {
  if (opts.controlToken.length < MIN_TOKEN_LENGTH) throw new Error(`the sandbox gateway's control token must have at least ${MIN_TOKEN_LENGTH} characters`);
  const sql = postgres(opts.databaseUrl, { max: 10, backoff: reconnectBackoff, onnotice: () => undefined, connection: { application_name: "sandbox-gateway" } });
  const db = drizzle(sql);
  await migrate(db, { migrationsFolder: MIGRATIONS, migrationsSchema: "drizzle", migrationsTable: "__sandbox_gateway_migrations" });
  const boss = new PgBoss({ connectionString: opts.databaseUrl, schema: "sandbox_gateway_jobs", max: 3 });
  boss.on("error", (e: Error) => console.error(`[sandbox-gateway] queue error: ${e.message}`));
  await boss.start();
  // A job held by a process that died (the whole demo SIGKILLed) comes back after its expiry: seconds, not pg-boss's
  // default 15 minutes, so a restarted gateway settles and calls back what it owed without a long silence.
  for (const [name, expireInSeconds] of [[Q_SETTLE, 30], [Q_CALLBACK, 60]] as const) {
    await boss.createQueue(name, { expireInSeconds, retryLimit: 5 });
    await boss.updateQueue(name, { expireInSeconds, retryLimit: 5 });
  }

  let baseUrl = "";
  const ctx: GatewayContext = {
    db,
    boss,
    platformKey: parsePrivateKey(opts.platformPrivateKey),
    defaults: { ...LIVELY_DEFAULTS, ...opts.defaults },
    url: () => baseUrl,
    openingBalance: opts.openingBalance ?? 10_000_000,
    now: opts.now ?? (() => new Date()),
  };

  // Orders settle independently, as at a real gateway: a few at a time (settleOrder is a no-op on a final order, so a
  // retried batch settles nothing twice). One at a time, a restart with hundreds overdue took minutes to catch up.
  await boss.work<SettleJob>(Q_SETTLE, SETTLE_WORK, async (jobs) => {
    for (const job of jobs) await settleOrder(ctx, job.data.tradeNo);
  });
  // Callbacks go out concurrently, as a real gateway's do (one at a time, a 1,000-order run waited minutes for its
  // news); each job keeps its own result, so one unacknowledged callback is retried alone.
  await boss.work<CallbackJob>(Q_CALLBACK, CALLBACK_WORK, (jobs) =>
    Promise.all(
      jobs.map(async (job) => {
        try {
          await deliverCallback(ctx, job.data);
          return { id: job.id, status: "completed" as const };
        } catch (e) {
          return { id: job.id, status: "failed" as const, output: { message: e instanceof Error ? e.message : "failed" } };
        }
      }),
    ),
  );

  await settleOverdue(ctx);

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    route(ctx, opts.controlToken, req, res).catch((e: unknown) => {
      // The path only: a query string or a body may carry anything, secrets included.
      const where = (req.url ?? "/").split("?")[0];
      console.error(`[sandbox-gateway] ${req.method} ${where}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { code: "99", message: "Internal error" });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = opts.host && opts.host !== "0.0.0.0" ? opts.host : "127.0.0.1";
  baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}`;

  return {
    url: baseUrl,
    port: addr.port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await boss.stop({ graceful: false, timeout: 5_000 }).catch(() => undefined);
      await sql.end({ timeout: 5 });
    },
  };
}

async function route(ctx: GatewayContext, controlToken: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://gateway");
  const p = url.pathname;
  const m = req.method ?? "GET";

  if (m === "POST" && (Object.values(PATHS) as string[]).includes(p)) {
    const receivedAt = new Date();
    const raw = await readRaw(req);
    const auth = await authenticate(ctx, req, raw);
    if (!auth.ok) return sendJson(res, 200, { code: auth.code, message: auth.message });
    const reply =
      p === PATHS.payOut
        ? await handlePayOut(ctx, auth.merchantId, auth.body)
        : p === PATHS.payIn
          ? await handlePayIn(ctx, auth.merchantId, auth.body, ctx.url())
          : p === PATHS.inquiryStatus
            ? await handleInquiryStatus(ctx, auth.merchantId, auth.body, receivedAt)
            : await handleInquiryBalance(ctx, auth.merchantId, auth.body);
    return answer(res, reply);
  }

  const cashier = /^\/cashier\/([A-Za-z0-9]+)$/.exec(p);
  if (m === "GET" && cashier?.[1]) {
    const page = await cashierPage(ctx, cashier[1]);
    return sendText(res, page.status, page.html, "text/html; charset=utf-8");
  }

  const act = /^\/cashier\/([A-Za-z0-9]+)\/(pay|fail)$/.exec(p);
  if (m === "POST" && act?.[1] && (act[2] === "pay" || act[2] === "fail")) {
    if (!(await cashierAct(ctx, act[1], act[2]))) return sendText(res, 404, "No such payment.");
    res.writeHead(303, { location: `/cashier/${act[1]}` });
    res.end();
    return;
  }

  if (await serveControl(ctx, controlToken, req, res, url)) return;
  sendJson(res, 404, { code: "404", message: "Not found" });
}

/** Send the reply, or act out the fault a scenario asked for. */
function answer(res: ServerResponse, reply: Reply): void {
  if (reply.kind === "json") return sendJson(res, 200, reply.body);
  switch (reply.fault) {
    case "http_500":
    case "accept_then_500":
      return sendText(res, 500, "Internal Server Error");
    case "reset":
    case "accept_then_reset":
      res.socket?.destroy();
      return;
    case "bad_body":
      return sendText(res, 200, "<html><body>502 Bad Gateway</body></html>", "text/html");
    case "timeout":
    case "accept_then_timeout":
      // Never answer; the socket is closed when the client gives up or the gateway stops.
      return;
    default:
      return sendJson(res, 200, reply.body);
  }
}
