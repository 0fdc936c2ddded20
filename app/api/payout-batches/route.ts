import { json } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { BATCH_FILE_TYPES } from "@/lib/payout-batches/columns";
import { createBatch } from "@/lib/payout-batches/create-batch";
import { listBatches } from "@/lib/payout-batches/get-batch";
import { createBatchQuerySchema, listBatchesSchema } from "@/lib/payout-batches/schemas";
import { idempotencyKeySchema } from "@/lib/payouts/schemas";

export const GET = apiRoute("GET /api/payout-batches", { input: listBatchesSchema }, listBatches);

const fileBody = { kind: "upload", types: BATCH_FILE_TYPES } as const;

export const POST = apiRoute("POST /api/payout-batches", { input: createBatchQuerySchema, body: fileBody }, async ({ ctx, input, req, upload }) => {
  const key = idempotencyKeySchema.safeParse(req.headers.get("idempotency-key") ?? "");
  if (!key.success) {
    const message = key.error.issues[0]?.message ?? "Send an Idempotency-Key header.";
    throw new AppError("invalid_input", `Send an Idempotency-Key header (8-128 letters, digits, _-:.): ${message}`, { idempotencyKey: message });
  }
  if (!upload) throw new AppError("invalid_input", "Attach the file.", { file: "Choose a file." });
  const r = await createBatch({
    ctx,
    input: { credentialId: input.credentialId, fileName: upload.filename ?? input.fileName ?? "upload.csv", bytes: upload.bytes, idempotencyKey: key.data, confirmDuplicate: input.confirmDuplicate },
  });
  return json({ batch: r.batch, replayed: r.replayed }, { status: r.replayed ? 200 : 201 });
});
