import { apiRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { BATCH_FILE_TYPES } from "@/lib/payout-batches/columns";
import { previewBatchApproval } from "@/lib/payout-batches/preview-batch-approval";
import { recentKeysSchema } from "@/lib/payout-batches/schemas";

const fileBody = { kind: "upload", types: BATCH_FILE_TYPES } as const;

/** Reads only: the run page asks, before submitting, whether this file's run would wait for a second person. */
export const POST = apiRoute("POST /api/payout-batches/approval-need", { input: recentKeysSchema, body: fileBody }, async ({ ctx, input, upload }) => {
  if (!upload) throw new AppError("invalid_input", "Attach the file.", { file: "Choose a file." });
  return { need: await previewBatchApproval({ ctx, input: { credentialId: input.credentialId, bytes: upload.bytes } }) };
});
