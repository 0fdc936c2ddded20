import { z } from "zod";

/** What will happen to an order (or to the request that creates it). Set by defaults or by a scenario. */
export const fateSchema = z.object({
  outcome: z.enum(["SUCCESS", "FAILED", "EXPIRED"]).default("SUCCESS"),
  afterMs: z.number().int().min(0).max(86_400_000).default(3_000),
  callback: z.enum(["normal", "none", "duplicate", "out_of_order"]).default("normal"),
  requestFault: z.enum(["none", "timeout", "http_500", "reset", "bad_body", "accept_then_timeout", "accept_then_500", "accept_then_reset", "reject"]).default("none"),
  /** With requestFault "reject": the code and message to answer. */
  rejectCode: z.string().max(8).default("09"),
  rejectMessage: z.string().max(200).default("Rejected by a sandbox scenario"),
  /** With outcome FAILED or EXPIRED: the `remark` inquiry-status gives as the reason (else a default per outcome). */
  remark: z.string().max(200).optional(),
});
export type Fate = z.output<typeof fateSchema>;

export interface FateDefaults {
  successRate: number;
  failRate: number; // the rest EXPIRE
  minDelayMs: number;
  maxDelayMs: number;
}

export const LIVELY_DEFAULTS: FateDefaults = { successRate: 0.85, failRate: 0.12, minDelayMs: 3_000, maxDelayMs: 8_000 };

/** A fate drawn from the defaults: most orders succeed after a few seconds, some fail, a few expire. */
export function drawFate(d: FateDefaults, rand: () => number = Math.random): Fate {
  const r = rand();
  const outcome = r < d.successRate ? "SUCCESS" : r < d.successRate + d.failRate ? "FAILED" : "EXPIRED";
  const afterMs = Math.round(d.minDelayMs + rand() * Math.max(0, d.maxDelayMs - d.minDelayMs));
  return fateSchema.parse({ outcome, afterMs });
}
