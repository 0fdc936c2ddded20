import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, payoutBatches, payouts } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/sessions";
import { createBatch } from "@/lib/payout-batches/create-batch";
import { testDb } from "../helpers/db";
import { key, sandboxForFile } from "../payouts/helpers";

// POST /api/payout-batches as Next runs it, with the session lookup replaced by "this user is signed in".
const signedIn = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => signedIn.user }));
const { POST } = await import("@/app/api/payout-batches/route");

const sb = sandboxForFile();
beforeAll(() => {
  signedIn.user = sb.finance.ctx.user;
});
afterAll(() => {
  signedIn.user = null;
});

function thaiFile(): string {
  return `region,method,account,amount,purpose\r\nTH,KBANK,2100000001,1000,Run ${randomBytes(4).toString("hex")}\r\n`;
}
const written = async () => {
  const db = testDb();
  const [b] = await db.select({ n: count() }).from(payoutBatches);
  const [p] = await db.select({ n: count() }).from(payouts);
  const [a] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, "payout_batch.created"));
  return { batches: b?.n, payouts: p?.n, audits: a?.n };
};

/** Names that display as something else, or on several lines, in the runs list and the approver's summary. */
const SPOOFS = ["march\u202Evsc.exe", "payroll\n2026-03.csv", "pay\r\nroll.csv", "run\u0000.csv", "a\u2066b\u2069.csv", "tab\there.csv", "bell\u0007.csv", "next\u0085line.csv"];

describe("a run's file name is plain text", () => {
  it("a name with a right-to-left override, a line break or another control character is refused on fileName; nothing is written", async () => {
    const before = await written();
    for (const fileName of SPOOFS) {
      const bytes = new TextEncoder().encode(thaiFile());
      const e = await createBatch({ ctx: sb.finance.ctx, input: { credentialId: sb.cred.m.id, fileName, bytes, idempotencyKey: key(), confirmDuplicate: false } }).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e, JSON.stringify(fileName)).toMatchObject({ code: "invalid_input", fields: { fileName: expect.stringMatching(/control characters/) } });
    }
    expect(await written()).toEqual(before);
  });

  it("POST /api/payout-batches: a multipart file so named, or a fileName query so written, is a 400 on fileName; a plain name is stored", async () => {
    const before = await written();
    const post = (form: FormData | string, query = "") =>
      POST(
        new Request(`http://app.test/api/payout-batches?credentialId=${sb.cred.m.id}${query}`, {
          method: "POST",
          body: form,
          headers: { "idempotency-key": key(), ...(typeof form === "string" ? { "content-type": "text/csv" } : {}) },
        }),
        { params: Promise.resolve({}) },
      );
    for (const name of SPOOFS) {
      const form = new FormData();
      form.append("file", new File([thaiFile()], name, { type: "text/csv" }));
      for (const res of [await post(form), await post(thaiFile(), `&fileName=${encodeURIComponent(name)}`)]) {
        expect(res.status, JSON.stringify(name)).toBe(400);
        const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
        expect(body.error.code).toBe("invalid_input");
        expect(Object.keys(body.error.fields)).toEqual(["fileName"]);
      }
    }
    expect(await written()).toEqual(before);
    const form = new FormData();
    form.append("file", new File([thaiFile()], "Payroll März 2026 (final).csv", { type: "text/csv" }));
    const ok = await post(form);
    expect(ok.status).toBe(201);
    const { batch } = (await ok.json()) as { batch: { id: number } };
    const [row] = await testDb().select({ fileName: payoutBatches.fileName }).from(payoutBatches).where(eq(payoutBatches.id, batch.id));
    expect(row?.fileName).toBe("Payroll März 2026 (final).csv");
  });
});
