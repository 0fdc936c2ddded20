import { STATUS_OF, type ErrorCode } from "@/lib/errors";

/**
 * The suite's two verdicts on an answer: no 5xx, and every non-2xx answer in the app's one error shape
 * `{ error: { code, message, fields? } }` with a known code whose status is the one the answer carries.
 * Problems are collected (with what was sent) rather than thrown, so one run reports all of them.
 */
export interface Problem {
  where: string;
  status: number;
  why: string;
  sent: string;
  answer: string;
}

export const KNOWN_CODES = new Set(Object.keys(STATUS_OF));

/** Reads the answer (an event stream only up to its headers) and returns why its shape is wrong, or null. */
export async function judge(res: Response): Promise<{ status: number; text: string; problem: string | null }> {
  const status = res.status;
  const type = res.headers.get("content-type") ?? "";
  if (type.startsWith("text/event-stream")) {
    await res.body?.cancel().catch(() => undefined);
    return { status, text: "(event stream)", problem: status >= 300 ? "an event stream with a non-2xx status" : null };
  }
  const text = await res.text();
  if (status >= 500) return { status, text, problem: `server error ${status}` };
  if (status < 300) return { status, text, problem: null };
  if (!type.startsWith("application/json")) return { status, text, problem: `non-2xx answer of type "${type}"` };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status, text, problem: "non-2xx answer is not JSON" };
  }
  return { status, text, problem: shapeProblem(body, status) };
}

export function shapeProblem(body: unknown, status: number): string | null {
  if (!body || typeof body !== "object" || Array.isArray(body)) return "not an object";
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== "error") return `top-level keys ${JSON.stringify(keys)}, expected only "error"`;
  const e = (body as { error: unknown }).error;
  if (!e || typeof e !== "object") return "error is not an object";
  const { code, message, fields, ...rest } = e as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return `unexpected keys in error: ${Object.keys(rest).join(", ")}`;
  if (typeof code !== "string" || !KNOWN_CODES.has(code)) return `unknown code ${JSON.stringify(code)}`;
  if (STATUS_OF[code as ErrorCode] !== status) return `code ${code} answered with HTTP ${status}, expected ${STATUS_OF[code as ErrorCode]}`;
  if (typeof message !== "string" || message.length === 0) return "message is not a non-empty string";
  if (fields !== undefined) {
    if (!fields || typeof fields !== "object" || Array.isArray(fields)) return "fields is not an object";
    if (!Object.values(fields).every((v) => typeof v === "string")) return "a field message is not a string";
  }
  // Internals never leave: no SQL, stacks or driver messages in what a client reads.
  if (/\bat .+:\d+:\d+\)|syntax error at|violates .+ constraint|relation ".+"|ECONNREFUSED|ZodError/i.test(message)) return `message leaks internals: ${message}`;
  return null;
}

/** Counters for the printed summary. */
export class Tally {
  readonly perRoute = new Map<string, Map<string, number>>();
  readonly statuses = new Map<number, number>();
  readonly mutations = new Map<string, number>();
  accepted: string[] = [];
  requests = 0;

  add(route: string, role: string, status: number, mutation?: string) {
    this.requests += 1;
    const r = this.perRoute.get(route) ?? new Map<string, number>();
    r.set(role, (r.get(role) ?? 0) + 1);
    this.perRoute.set(route, r);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (mutation) this.mutations.set(mutation, (this.mutations.get(mutation) ?? 0) + 1);
  }

  print(title: string, extra: Record<string, unknown>) {
    const roles = [...new Set([...this.perRoute.values()].flatMap((m) => [...m.keys()]))].sort();
    const lines = [`\n=== ${title} ===`];
    for (const [k, v] of Object.entries(extra)) lines.push(`${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    lines.push(`requests: ${this.requests}`);
    lines.push(`status codes: ${[...this.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join("  ")}`);
    if (this.mutations.size) lines.push(`mutations: ${[...this.mutations].map(([m, n]) => `${m}×${n}`).join("  ")}`);
    lines.push(`${"route".padEnd(52)} ${roles.map((r) => r.padStart(9)).join("")}`);
    for (const [route, m] of [...this.perRoute].sort()) lines.push(`${route.padEnd(52)} ${roles.map((r) => String(m.get(r) ?? 0).padStart(9)).join("")}`);
    console.log(lines.join("\n"));
  }
}

export const short = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
