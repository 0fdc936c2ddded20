import { z } from "zod";
import { AppError } from "@/lib/errors";

/** Idempotency-Key header: what a client picks to make a retried POST safe (Stripe's shape). */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(8, "Idempotency-Key needs at least 8 characters")
  .max(128, "Idempotency-Key has at most 128 characters")
  .regex(/^[A-Za-z0-9_\-:.]+$/, "Idempotency-Key: letters, digits and _-:. only");

/** The request's Idempotency-Key, required; `what` names what a retry with the same key returns ("pay-out"). */
export function readIdempotencyKey(req: Request, what: string): string {
  const header = req.headers.get("idempotency-key");
  if (header === null) {
    throw new AppError("invalid_input", `Send an Idempotency-Key header (8-128 letters, digits, _-:.): a retry with the same key returns the same ${what}.`, {
      idempotencyKey: "Required",
    });
  }
  const key = idempotencyKeySchema.safeParse(header);
  if (!key.success) throw new AppError("invalid_input", key.error.issues[0]?.message ?? "Invalid Idempotency-Key.", { idempotencyKey: key.error.issues[0]?.message ?? "Invalid" });
  return key.data;
}
