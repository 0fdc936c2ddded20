import { json } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { BATCH_FILE_TYPES } from "@/lib/payout-batches/columns";
import { createBatch } from "@/lib/payout-batches/create-batch";
import { listBatches } from "@/lib/payout-batches/get-batch";
import { createBatchQuerySchema, listBatchesSchema } from "@/lib/payout-batches/schemas";

export const GET = apiRoute("GET /api/payout-batches", { input: listBatchesSchema }, listBatches);

const fileBody = { kind: "upload", types: BATCH_FILE_TYPES } as const;

export const POST = apiRoute("POST /api/payout-batches", { input: createBatchQuerySchema, body: fileBody, idempotencyKey: "pay-out run" }, async ({ ctx, input, upload, idempotencyKey }) => {
  if (!upload) throw new AppError("invalid_input", "Attach the file.", { file: "Choose a file." });
  const r = await createBatch({
    ctx,
    input: { credentialId: input.credentialId, fileName: upload.filename ?? input.fileName ?? "upload.csv", bytes: upload.bytes, idempotencyKey, confirmDuplicate: input.confirmDuplicate },
  });
  return json({ batch: r.batch, replayed: r.replayed }, { status: r.replayed ? 200 : 201 });
});
