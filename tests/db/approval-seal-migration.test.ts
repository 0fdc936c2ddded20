import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, orderEvents, payoutBatches, payouts } from "@/db/schema";
import { createMerchant, createPayout, createUser } from "../helpers/factories";
import { withRollback } from "../helpers/db";

/** The data statements of the migration that added approval seals (its first statement adds the column). */
function dataStatements(): string[] {
  const dir = path.resolve(__dirname, "../../drizzle/app");
  const file = readdirSync(dir).find((f) => /_payout_approval_seal\.sql$/.test(f));
  if (!file) throw new Error("the approval-seal migration is missing");
  return readFileSync(path.join(dir, file), "utf8")
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => s && !/^ALTER TABLE/i.test(s));
}

describe("approvals made before seals existed (an existing database)", () => {
  it("approved pay-outs not sent yet wait for a second person again, and so do their runs, with events and audit rows; sent or sealed ones are left alone", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const maker = await createUser(tx);
      const checker = await createUser(tx, { role: "approver" });
      const [run] = await tx
        .insert(payoutBatches)
        .values({ merchantId: m.id, fileName: "old.csv", sha256: "x", rowCount: 2, validCount: 2, status: "APPROVED", createdBy: maker.id, approvedBy: checker.id, contentHash: "h" })
        .returning();
      if (!run) throw new Error("run not stored");
      const base = { merchantId: m.id, createdBy: maker.id, approvedBy: checker.id, approvedHash: "factory" };
      const unsealed = await createPayout(tx, { ...base, status: "APPROVED" });
      const sealed = await createPayout(tx, { ...base, status: "APPROVED", approvalSeal: "s1:k1:" + "0".repeat(64) });
      const sending = await createPayout(tx, { ...base, status: "SENDING" });
      const runRow = await createPayout(tx, { ...base, status: "APPROVED", batchId: run.id });
      const runSent = await createPayout(tx, { ...base, status: "SUCCESS", batchId: run.id });

      for (const s of dataStatements()) await tx.execute(sql.raw(s));

      const rows = new Map(
        (await tx.select().from(payouts).where(inArray(payouts.id, [unsealed.id, sealed.id, sending.id, runRow.id, runSent.id]))).map((r) => [r.id, r]),
      );
      for (const id of [unsealed.id, runRow.id]) {
        expect(rows.get(id)).toMatchObject({ status: "PENDING_APPROVAL", approvedBy: null, approvedHash: null, approvalRequired: true });
        const ev = await tx.select().from(orderEvents).where(eq(orderEvents.payoutId, id));
        expect(ev).toEqual([expect.objectContaining({ fromStatus: "APPROVED", toStatus: "PENDING_APPROVAL", source: "system", actorName: "migration" })]);
        const audit = await tx.select().from(auditLog).where(and(eq(auditLog.targetType, "payout"), eq(auditLog.targetId, String(id))));
        expect(audit).toHaveLength(1);
      }
      expect(rows.get(sealed.id)?.status).toBe("APPROVED");
      expect(rows.get(sending.id)?.status).toBe("SENDING");
      expect(rows.get(runSent.id)?.status).toBe("SUCCESS");
      const [after] = await tx.select().from(payoutBatches).where(eq(payoutBatches.id, run.id));
      expect(after).toMatchObject({ status: "PENDING_APPROVAL", approvedBy: null });
      expect(await tx.select().from(auditLog).where(and(eq(auditLog.action, "payout_batch.approval_renewed"), eq(auditLog.targetId, String(run.id))))).toHaveLength(1);
    });
  });
});
