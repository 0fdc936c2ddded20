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
    // Every line at most LOG_LINE_MAX_BYTES: one call can never write an attacker's megabyte.
    hooks: { streamWrite: capLogLine },
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

/** A log line (JSON, with its newline) is at most this many bytes; scripts/log-cap.mjs caps console lines the same. */
export const LOG_LINE_MAX_BYTES = 2_048;

/**
 * pino's last step before writing: a line past the cap becomes a line that keeps its level, time and the start of
 * its message, and says how long it was, so one request can never write more than one bounded line per log call.
 */
export function capLogLine(line: string, max = LOG_LINE_MAX_BYTES): string {
  const bytes = Buffer.byteLength(line);
  if (bytes <= max) return line;
  let level: unknown = 50;
  let time: unknown = Date.now();
  let msg = "";
  try {
    const o = JSON.parse(line) as { level?: unknown; time?: unknown; msg?: unknown };
    ({ level = level, time = time } = o);
    msg = typeof o.msg === "string" ? o.msg : "";
  } catch {
    msg = line;
  }
  return `${JSON.stringify({ level, time, msg: msg.slice(0, 300), cut: true, bytes })}\n`;
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
