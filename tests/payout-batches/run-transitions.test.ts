import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { payoutBatches } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { moveRun } from "@/lib/payout-batches/move-run";
import { canMoveRun, RUN_STATUSES, RUN_TRANSITIONS } from "@/lib/payout-batches/run-transitions";
import { testDb } from "../helpers/db";
import { createMerchant, createUser } from "../helpers/factories";

const allowed = (Object.entries(RUN_TRANSITIONS) as [string, readonly string[]][]).flatMap(([from, tos]) => tos.map((to) => `${from} -> ${to}`));

describe("a run's status moves only as its table allows", () => {
  it("the table: waiting runs are decided, approved runs pause, resume or stop, and nothing leaves an end", () => {
    expect(allowed.sort()).toEqual(
      [
        "PENDING_APPROVAL -> APPROVED",
        "PENDING_APPROVAL -> REJECTED",
        "PENDING_APPROVAL -> CANCELLED",
        "APPROVED -> PAUSED",
        "APPROVED -> CANCELLED",
        "PAUSED -> APPROVED",
        "PAUSED -> CANCELLED",
      ].sort(),
    );
  });

  it("every move the table lists is written; every other one is a conflict that changes nothing", async () => {
    const db = testDb();
    const m = await createMerchant(db);
    const u = await createUser(db);
    const runs = await db
      .insert(payoutBatches)
      .values(RUN_STATUSES.map((status) => ({ merchantId: m.id, fileName: `${status}.csv`, sha256: "0".repeat(64), rowCount: 1, validCount: 1, status })))
      .returning();
    for (const run of runs) {
      for (const to of RUN_STATUSES) {
        let inside: typeof run | undefined;
        const tried = await db
          .transaction(async (tx) => {
            await moveRun(tx, run.id, to, { decisionNote: `to ${to}`, rejectedBy: u.id });
            [inside] = await tx.select().from(payoutBatches).where(eq(payoutBatches.id, run.id));
            throw new Rollback(); // every attempt starts from the run as it was
          })
          .catch((e: unknown) => e);
        if (canMoveRun(run.status, to)) {
          expect(tried, `${run.status} -> ${to} is allowed`).toBeInstanceOf(Rollback);
          expect(inside, `${run.status} -> ${to} is written with its columns`).toEqual({ ...run, status: to, decisionNote: `to ${to}`, rejectedBy: u.id });
        } else {
          expect(tried, `${run.status} -> ${to} is refused`).toMatchObject({ code: "conflict" } satisfies Partial<AppError>);
          const [after] = await db.select().from(payoutBatches).where(eq(payoutBatches.id, run.id));
          expect(after, `${run.status} -> ${to} changed nothing`).toEqual(run);
        }
      }
    }
  });
});

class Rollback extends Error {}
