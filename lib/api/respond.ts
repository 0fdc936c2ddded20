import "server-only";
import { AppError, toErrorBody } from "@/lib/errors";

/** JSON with bigint support: money leaves the server as a decimal string of minor units. */
export function json(data: unknown, init?: ResponseInit): Response {
  const body = JSON.stringify(data, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  const headers = new Headers(init?.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  return new Response(body, { ...init, headers });
}

export function errorResponse(err: unknown): Response {
  if (!(err instanceof AppError)) {
    // The detail goes to the server log only; no key material is ever placed in an error message.
    console.error("[api] unexpected error:", err instanceof Error ? `${err.name}: ${err.message}` : "non-error thrown");
  }
  const { status, body } = toErrorBody(err);
  return json(body, { status });
}
