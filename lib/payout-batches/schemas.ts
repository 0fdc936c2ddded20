import { z } from "zod";
import { approvePayoutSchema, cancelPayoutSchema, rejectPayoutSchema } from "@/lib/payouts/schemas";
import { TEMPLATE_REGIONS } from "./columns";

/** POST /api/payout-batches?credentialId=N[&confirmDuplicate=true][&fileName=…]: the query; the body is the file. */
export const createBatchQuerySchema = z.object({
  credentialId: z.coerce.number({ error: "Choose a merchant credential" }).int().positive("Choose a merchant credential"),
  confirmDuplicate: z.enum(["true", "false", "1", "0"]).optional().transform((v) => v === "true" || v === "1"),
  fileName: z.string().trim().max(255).optional(),
});

/** Approving a run: one TOTP code and the run's content hash as the approver saw it. */
export const approveBatchSchema = approvePayoutSchema;
export const rejectBatchSchema = rejectPayoutSchema;
export const cancelBatchSchema = cancelPayoutSchema;
/** Pausing or resuming a run: the reason goes to the audit log. */
export const pauseBatchSchema = cancelPayoutSchema;
export const resumeBatchSchema = cancelPayoutSchema;

export const templateQuerySchema = z.object({ region: z.enum(TEMPLATE_REGIONS as [string, ...string[]], { error: "Choose a region" }) });

export const recentKeysSchema = createBatchQuerySchema.pick({ credentialId: true });

/** Paying a run's failed rows again as a new run: how many rows the person saw and confirmed (a stale page is refused). */
export const payFailedAgainSchema = z.object({
  expectedRows: z.number({ error: "Say how many failed rows you confirmed" }).int().positive("Say how many failed rows you confirmed"),
});
export type PayFailedAgainInput = z.infer<typeof payFailedAgainSchema>;
