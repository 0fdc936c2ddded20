import "server-only";
import type { Ctx } from "@/lib/context";
import { batchApprovalNeed } from "./batch-approval-need";
import { readRunFile } from "./read-run-file";

/**
 * Reads only: before a run is submitted, whether it will wait for a second person, and why, by the same rule the
 * submit applies (batchApprovalNeed over the same checked rows). Nothing is stored.
 */
export async function previewBatchApproval({ ctx, input }: { ctx: Ctx; input: { credentialId: number; bytes: Uint8Array } }): Promise<{ required: boolean; reason: string }> {
  const { credential, rows } = await readRunFile(ctx, input);
  return batchApprovalNeed(ctx.db, credential.id, rows);
}
