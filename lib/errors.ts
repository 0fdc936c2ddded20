/**
 * One error model for the whole app: a small union of codes, one code-to-status map and one JSON shape
 * `{ error: { code, message, fields? } }`. Unknown errors become `internal` with a generic message.
 */

export type ErrorCode =
  | "invalid_input"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "length_required"
  | "headers_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "gateway_error"
  | "unavailable"
  | "internal";

export const STATUS_OF: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  length_required: 411,
  headers_too_large: 431,
  unsupported_media_type: 415,
  rate_limited: 429,
  gateway_error: 502,
  unavailable: 503,
  internal: 500,
};

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

/** Map anything thrown to the public JSON shape; internals (SQL, stacks, keys) never leave. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.fields && Object.keys(err.fields).length > 0) body.error.fields = err.fields;
    return { status: STATUS_OF[err.code], body };
  }
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong. It has been logged." } } };
}

type IssueLike = { path: ReadonlyArray<PropertyKey>; message: string; code?: string; errors?: ReadonlyArray<ReadonlyArray<IssueLike>> };

/**
 * A failed either-or (zod's invalid_union says only "Invalid input"): the reason of the alternative the person
 * meant, the one that failed on its own rules rather than on its type or literal value.
 */
function meantIssue(i: IssueLike): IssueLike {
  if (i.code !== "invalid_union" || !i.errors) return i;
  const branch = i.errors.find((b) => b.length > 0 && b.every((x) => x.code !== "invalid_type" && x.code !== "invalid_value"));
  const first = branch?.[0];
  return first ? meantIssue({ ...first, path: [...i.path, ...first.path] }) : i;
}

/** Turn zod issues into `{ "beneficiary.cashAccount": "message" }`. */
export function fieldsFromIssues(issues: ReadonlyArray<IssueLike>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const i = meantIssue(issue);
    const key = i.path.map(String).join(".") || "_";
    out[key] ??= i.message;
  }
  return out;
}
