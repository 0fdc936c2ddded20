import { z } from "zod";

/**
 * The one place that reads process.env. Parsed lazily so scripts can set variables (for example the
 * embedded database URL) before the first read. Server-side only by convention; nothing here is
 * exported to client components (no NEXT_PUBLIC_ variables exist).
 */

const port = z.coerce.number().int().min(1).max(65535);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Postgres URL. Unset: scripts/start.ts and the tests start an embedded PostgreSQL and set it. */
  DATABASE_URL: optionalText,
  /** Owner role for migrations when DATABASE_URL is the app's least-privilege role (see README). */
  DATABASE_MIGRATION_URL: optionalText,
  /** Where the embedded database and generated demo secrets are kept (git-ignored). */
  DATA_DIR: z.string().default(".data"),
  /** AES-256-GCM key for secrets at rest: 32 bytes, Base64. `APP_ENCRYPTION_KEY_ID` names it. */
  APP_ENCRYPTION_KEY: optionalText,
  APP_ENCRYPTION_KEY_ID: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).default("k1"),
  /** Older keys still able to decrypt, for rotation: `id:base64,id:base64`. */
  APP_ENCRYPTION_OLD_KEYS: optionalText,
  PORT: port.default(3000),
  HOSTNAME: z.string().default("127.0.0.1"),
  /** Public address of this app; callback URLs are built from it. */
  APP_BASE_URL: optionalText,
  /** Proxies whose X-Forwarded-For is believed (addresses or IPv4 CIDRs, comma-separated). Unset: none. */
  TRUSTED_PROXIES: optionalText,
  NEXTAUTH_SECRET: optionalText,
  NEXTAUTH_URL: optionalText,
  SANDBOX_GATEWAY_PORT: port.default(4010),
  SANDBOX_GATEWAY_HOST: z.string().default("127.0.0.1"),
  /**
   * Whether `npm start` runs the bundled sandbox gateway. Unset: on with the embedded database (the demo), off
   * when DATABASE_URL is set (a real deployment) unless this is "true".
   */
  SANDBOX_GATEWAY_ENABLED: z.enum(["true", "false"]).optional(),
  /**
   * Not a setting: `npm start` decides once whether the bundled sandbox gateway runs, and where, and hands the answer
   * to every process it starts in this variable (it sets it when the gateway is up and clears it otherwise).
   * Every reader of "is the bundled sandbox on, and where" reads this, never SANDBOX_GATEWAY_ENABLED/HOST/PORT.
   */
  SANDBOX_GATEWAY_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Bearer token of the sandbox gateway's control API (at least 16 characters; generated and kept when unset). */
  SANDBOX_GATEWAY_TOKEN: optionalText.pipe(z.string().min(16).optional()),
  /** Overrides for the seeded demo credential and the sandbox gateway (generated and kept when unset). */
  DEMO_MERCHANT_ID: optionalText,
  DEMO_MERCHANT_SECRET: optionalText,
  DEMO_MERCHANT_PRIVATE_KEY: optionalText,
  DEMO_PLATFORM_PRIVATE_KEY: optionalText,
  DEMO_PLATFORM_PUBLIC_KEY: optionalText,
  DEMO_CREDENTIAL_BASE_URL: optionalText,
  /**
   * Hosts a credential may reach over https, comma-separated (`host` or `host:port`). Unset: the Smilepayz
   * hosts in lib/smilepayz/hosts.ts. The bundled sandbox gateway's own URL is allowed while it is enabled.
   */
  GATEWAY_HOST_ALLOWLIST: optionalText,
  /**
   * Pay-out sending per app instance: how many batches of approved pay-outs (up to 50 each) one instance signs and
   * sends at the same time. Instances add up; each batch holds one database connection while it is written.
   */
  PAYOUT_DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /**
   * Where callbacks are confirmed with inquiry-status (lib/callbacks/workers.ts). `web`: in the web server itself, as
   * a lone `next start` must. `worker`: in a process of their own (scripts/confirm-worker.ts), which `npm start` runs
   * beside the web server (and sets this for it), so the server spends its time answering callbacks; it wakes that
   * process through PostgreSQL (NOTIFY), which also reaches a worker on another machine.
   */
  CALLBACK_CONFIRMATIONS: z.enum(["web", "worker"]).default("web"),
  /** Timeout of one call to the gateway, milliseconds. */
  GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** A callback whose X-TIMESTAMP is further than this from our clock is refused as stale (the gateway's ±5 min). */
  CALLBACK_TIMESTAMP_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Refused callbacks (their samples and per-address counts) are deleted after this many days. */
  CALLBACK_REFUSAL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(7),
  /**
   * What strangers may make the app write per clock minute, all their addresses and the app's instances together
   * (lib/strangers/write-budget.ts): refused callbacks' bodies kept as samples (count, and bytes with their
   * headers), and rows of their own per address: refused callbacks' counter rows and failed sign-ins' audit rows
   * (each; past it, one row per minute and reason, or per account, for every other address). With the defaults a
   * flood from any number of addresses grows the database by about 3.5 MB an hour at most.
   */
  STRANGER_SAMPLES_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(5),
  STRANGER_SAMPLE_BYTES_PER_MINUTE: z.coerce.number().int().min(0).max(100_000_000).default(32_768),
  STRANGER_ROWS_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(30),
  /**
   * https hosts a credential's callback base URL may name besides the app's own APP_BASE_URL, comma-separated
   * (`host` or `host:port`). Unset: only APP_BASE_URL.
   */
  CALLBACK_HOST_ALLOWLIST: optionalText,
  /**
   * Hosts webhook endpoints may name even when they resolve to a private or loopback address (`host` or
   * `host:port`, comma-separated). Unset: public https hosts only.
   */
  WEBHOOK_HOST_ALLOWLIST: optionalText,
  /** Requests one API key may make per clock minute, all instances together (counted on the key's row: lib/auth/api-key-auth.ts); past it, 429. */
  API_KEY_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${fields}`);
  }
  return parsed.data;
}

/** The environment, parsed once. */
export function env(): Env {
  cached ??= readEnv();
  return cached;
}

/** For scripts that change process.env after a first read (embedded database start-up). */
export function resetEnvCache(): void {
  cached = undefined;
}
