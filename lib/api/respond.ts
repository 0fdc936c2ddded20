import "server-only";
import { constraintField, isDatabaseUnavailable, isUniqueViolation, pgErrorCode } from "@/lib/db-errors";
import { AppError, toErrorBody } from "@/lib/errors";
import { describeError, log } from "@/lib/log";

/** JSON with bigint support: money leaves the server as a decimal string of minor units. */
export function json(data: unknown, init?: ResponseInit): Response {
  const body = JSON.stringify(data, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  const headers = new Headers(init?.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  return new Response(body, { ...init, headers });
}

/** Database refusals a verb did not translate itself still get a 4xx naming the field, never a 500. */
function translate(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (isUniqueViolation(err)) {
    const field = constraintField(err);
    return new AppError("conflict", "That already exists.", field ? { [field]: "Already in use: choose another." } : undefined);
  }
  // A restarting or unreachable database: the request did nothing (its transaction never committed); try again.
  if (isDatabaseUnavailable(err)) return new AppError("unavailable", "The database is not reachable right now. Nothing was changed; try again shortly.");
  const code = pgErrorCode(err);
  // 22021/22P05: bytes PostgreSQL cannot store (a NUL in a text); 22001: longer than the column allows.
  if (code === "22021" || code === "22P05" || code === "22001") return new AppError("invalid_input", "Some text has characters or a length that cannot be stored.");
  return err;
}

export function errorResponse(err: unknown): Response {
  const e = translate(err);
  if (!(e instanceof AppError)) log().error(describeError(err), "unexpected error in a route");
  const { status, body } = toErrorBody(e);
  return json(body, { status });
}

/** 202 when the change waits for a second admin (four eyes), 200 when it was applied. */
export function appliedOrPending(result: { pendingChange: unknown }): Response {
  return json(result, { status: result.pendingChange ? 202 : 200 });
}
