import "server-only";
import { AppError } from "@/lib/errors";

/** A positive integer id from the route's dynamic segment, or a 404 (never a 500 for `/users/abc`). */
export function idParam(params: Record<string, string | string[] | undefined>, name = "id"): number {
  const raw = params[name];
  const n = typeof raw === "string" && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new AppError("not_found", "Not found.");
  return n;
}
