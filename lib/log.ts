import "server-only";
import pino from "pino";
import { pgConstraint, pgErrorCode } from "@/lib/db-errors";
import { env } from "@/lib/env";

/**
 * The app's structured logger (JSON lines on stdout). Redaction is a second line of defence: log calls pass
 * codes, ids and names, never request bodies, SQL parameters or key material.
 */
const g = globalThis as unknown as { __smilepayzLog?: pino.Logger };

export function log(): pino.Logger {
  g.__smilepayzLog ??= pino({
    level: env().LOG_LEVEL,
    base: { app: "smilepayz-backoffice" },
    redact: {
      paths: [
        "password", "*.password", "secret", "*.secret", "*.merchantSecret", "*.privateKey", "*.token",
        "authorization", "*.authorization", "cookie", "*.cookie", "headers", "*.headers", "body", "*.body", "params", "*.params",
      ],
      censor: "[redacted]",
    },
  });
  return g.__smilepayzLog;
}

/**
 * What may be said about an unexpected error: its class, the Postgres code and constraint, and where it was
 * thrown. Never the message of a database error (it holds the SQL and its parameters), never a stack.
 */
export function describeError(err: unknown): Record<string, string | null> {
  const pg = pgErrorCode(err);
  const name = err instanceof Error ? err.name : typeof err;
  const at = err instanceof Error ? (err.stack?.split("\n").find((l) => l.includes("/lib/") || l.includes("/app/"))?.trim() ?? null) : null;
  return {
    error: name,
    pgCode: pg,
    constraint: pgConstraint(err),
    at: at ? at.replace(/^at\s+/, "").replace(/\(.*?([^/\\]+\/[^/\\]+:\d+):\d+\)$/, "($1)").slice(0, 200) : null,
  };
}
