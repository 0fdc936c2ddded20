import type { ErrorBody, ErrorCode, FieldErrors } from "@/lib/errors";

/** Browser side of the one error model: every non-2xx answer becomes an ApiError with its field messages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function apiFetch<T>(
  url: string,
  init?: { method?: string; body?: unknown; headers?: Record<string, string> },
): Promise<T> {
  const res = await fetch(url, {
    method: init?.method ?? (init?.body === undefined ? "GET" : "POST"),
    headers: { ...(init?.body === undefined ? {} : { "content-type": "application/json" }), ...init?.headers },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    cache: "no-store",
  });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // fall through: a non-JSON answer is reported as a generic error below
  }
  if (!res.ok) {
    const err = (data as ErrorBody | null)?.error;
    if (res.status === 401 && typeof window !== "undefined") {
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load: the session is gone
      window.location.href = `/sign-in?next=${encodeURIComponent(window.location.pathname)}`;
    }
    throw new ApiError(res.status, err?.code ?? "internal", err?.message ?? `Request failed (HTTP ${res.status})`, err?.fields);
  }
  return data as T;
}

/** Copy server field errors into a react-hook-form; returns true when at least one field was set. */
export function applyFieldErrors(
  err: unknown,
  setError: (name: never, error: { message: string }) => void,
): boolean {
  if (!(err instanceof ApiError)) return false;
  const entries = Object.entries(err.fields);
  for (const [name, message] of entries) setError(name as never, { message });
  return entries.length > 0;
}

/**
 * Copy server field errors onto the fields a form shows (`shows(name)`); the messages of any other field (a list
 * as a whole, "_") come back to be said above the form, so no server message is lost.
 */
export function placeFieldErrors(
  err: unknown,
  setError: (name: never, error: { message: string }) => void,
  shows: (name: string) => boolean,
): { placed: number; elsewhere: string[] } {
  const result = { placed: 0, elsewhere: [] as string[] };
  if (!(err instanceof ApiError)) return result;
  for (const [name, message] of Object.entries(err.fields)) {
    if (shows(name)) {
      setError(name as never, { message });
      result.placed += 1;
    } else result.elsewhere.push(message);
  }
  return result;
}
