import { z } from "zod";
import { approvePayoutSchema, cancelPayoutSchema, rejectPayoutSchema } from "@/lib/payouts/schemas";
import { idKey, keysetCursor, pageLimit } from "@/lib/validation/paging";
import { plainText } from "@/lib/validation/text";
import { TEMPLATE_REGIONS } from "./columns";

/**
 * A run's file name, as the approver and the runs list show it: plain text like any other field, so no line break,
 * NUL or right-to-left override ("pay\u202Evsc.exe" shown as "payexe.csv") is ever stored or displayed.
 */
export const batchFileNameSchema = plainText("the file name", 255);

/** POST /api/payout-batches?credentialId=N[&confirmDuplicate=true][&fileName=…]: the query; the body is the file. */
export const createBatchQuerySchema = z.object({
  credentialId: z.coerce.number({ error: "Choose a merchant credential" }).int().positive("Choose a merchant credential"),
  confirmDuplicate: z.enum(["true", "false", "1", "0"]).optional().transform((v) => v === "true" || v === "1"),
  fileName: batchFileNameSchema.optional(),
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

/** GET /api/payout-batches: the latest runs first, a keyset page at a time (`nextCursor`). */
export const listBatchesSchema = z.object({
  cursor: keysetCursor(idKey),
  limit: pageLimit(50, 100),
});
export type ListBatchesFilter = z.output<typeof listBatchesSchema>;

/** Paying a run's failed rows again as a new run: how many rows the person saw and confirmed (a stale page is refused). */
export const payFailedAgainSchema = z.object({
  expectedRows: z.number({ error: "Say how many failed rows you confirmed" }).int().positive("Say how many failed rows you confirmed"),
});
export type PayFailedAgainInput = z.infer<typeof payFailedAgainSchema>;
