import "server-only";
import { constraintField, isDatabaseUnavailable, isUniqueViolation, pgErrorCode } from "@/lib/db-errors";
import { AppError, toErrorBody } from "@/lib/errors";
import { describeError, log } from "@/lib/log";

/** JSON with bigint support: money leaves the server as a decimal string of minor units. */
export function json(data: unknown, init?: ResponseInit): Response {
  const body = toJsonText(data);
  const headers = new Headers(init?.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  return new Response(body, { ...init, headers });
}

const bigintAsText = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

/**
 * The JSON text of an answer, bigints as decimal strings. A replacer function takes V8 off its fast serializer for
 * every value of the answer (a page of 50 orders: 0.13 ms against 0.08 ms on this machine), so the bigints are turned
 * to strings first, copying only the objects and arrays on their path, and the copy is serialized without one.
 * Anything the walk does not cover (a bigint under a `toJSON`) falls back to the replacer: the same text either way.
 */
export function toJsonText(data: unknown): string {
  try {
    return JSON.stringify(withoutBigints(data));
  } catch {
    return JSON.stringify(data, bigintAsText);
  }
}

function withoutBigints(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v === null || typeof v !== "object" || typeof (v as { toJSON?: unknown }).toJSON === "function") return v;
  if (Array.isArray(v)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const w = withoutBigints(v[i]);
      if (w !== v[i]) (copy ??= v.slice())[i] = w;
    }
    return copy ?? v;
  }
  let copy: Record<string, unknown> | null = null;
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    const w = withoutBigints(x);
    if (w !== x) (copy ??= { ...(v as Record<string, unknown>) })[k] = w;
  }
  return copy ?? v;
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
