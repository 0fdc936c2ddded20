import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { beneficiaries, payoutBatches, payouts } from "@/db/schema";
import { createBeneficiary } from "@/lib/beneficiaries/create-beneficiary";
import { archiveBeneficiary, verifyBeneficiary } from "@/lib/beneficiaries/decide-beneficiary";
import { lockUnchanged } from "@/lib/beneficiaries/payable";
import { createBeneficiarySchema } from "@/lib/beneficiaries/schemas";
import { AppError } from "@/lib/errors";
import { checkRows, type BeneficiaryLookup } from "@/lib/payout-batches/check-rows";
import { createBatch } from "@/lib/payout-batches/create-batch";
import { parseBatchFile } from "@/lib/payout-batches/parse-file";
import { previewBatchApproval } from "@/lib/payout-batches/preview-batch-approval";
import { testDb } from "../helpers/db";
import { createMerchant } from "../helpers/factories";
import { key, person, sandboxForFile } from "../payouts/helpers";

const sb = sandboxForFile();
const HEADER = "region,method,account,amount,purpose,orderNo,beneficiaryId";
/** A Thai account of the test's own, so no two tests share a beneficiary key. */
const account = () => `8${randomBytes(5).readUIntBE(0, 5).toString().padStart(12, "0").slice(0, 9)}`;
const file = (...lines: string[]) => new TextEncoder().encode(`${[HEADER, ...lines].join("\r\n")}\r\n`);
const submit = (bytes: Uint8Array) =>
  createBatch({ ctx: sb.finance.ctx, input: { credentialId: sb.cred.m.id, fileName: "run.csv", bytes, idempotencyKey: key(), confirmDuplicate: false } });
const counts = async () => ({
  runs: (await testDb().select({ n: count() }).from(payoutBatches))[0]?.n ?? 0,
  payouts: (await testDb().select({ n: count() }).from(payouts))[0]?.n ?? 0,
});
async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

/** A beneficiary entered by finance; `verified` has a fresh approver verify it. */
async function saved({ verified = true, credentialId = sb.cred.m.id }: { verified?: boolean; credentialId?: number } = {}) {
  const b = await createBeneficiary({
    ctx: sb.finance.ctx,
    input: createBeneficiarySchema.parse({ credentialId, region: "TH", method: "SCB", account: account(), label: "Supplier" }),
  });
  if (!verified) return b;
  const approver = await person("approver");
  return verifyBeneficiary({ ctx: approver.ctx, id: b.id, input: { code: approver.code() } });
}

describe("a run's rows naming a saved beneficiary", () => {
  it("a file mixing typed rows and beneficiary rows creates one run whose pay-outs carry each beneficiary's account and link", async () => {
    const a = await saved();
    const b = await saved();
    const typed = account();
    const orderNo = `BEN${randomBytes(3).toString("hex")}`;
    const res = await submit(file(`TH,KBANK,${typed},1000,Typed row,,`, `,,,1500,Invoice A,,${a.id}`, `,,,200,Invoice B,${orderNo},${b.id}`));
    const rows = await testDb().select().from(payouts).where(eq(payouts.batchId, res.batch.id)).orderBy(payouts.id);
    expect(rows.map((r) => [r.cashAccount, r.paymentMethod, r.amountMinor, r.beneficiaryId, r.purpose])).toEqual([
      [typed, "KBANK", 1000_00n, null, "Typed row"],
      [a.account, "SCB", 1500_00n, a.id, "Invoice A"],
      [b.account, "SCB", 200_00n, b.id, "Invoice B"],
    ]);
    expect(rows[2]?.orderNo).toBe(orderNo);
    // The threshold counts a beneficiary row by the same key as the beneficiary (and as a typed row to that account).
    const [stored] = await testDb().select().from(beneficiaries).where(eq(beneficiaries.id, a.id));
    expect(rows[1]?.beneficiaryKey).toBe(stored?.beneficiaryKey);
    expect([rows[1]?.receiverName, rows[1]?.taxNumber, rows[1]?.network]).toEqual([stored?.receiverName, stored?.taxNumber, stored?.network]);
    expect(res.batch).toMatchObject({ rowCount: 3 });
  });

  it("the approval check before submitting counts beneficiary rows' amounts like any row", async () => {
    const a = await saved();
    // THB threshold is 50,000.00: one beneficiary row at 60,000 makes the run wait for a second person.
    const under = await previewBatchApproval({ ctx: sb.finance.ctx, input: { credentialId: sb.cred.m.id, bytes: file(`,,,100,Small,,${a.id}`) } });
    const over = await previewBatchApproval({ ctx: sb.finance.ctx, input: { credentialId: sb.cred.m.id, bytes: file(`,,,60000,Large,,${a.id}`) } });
    expect(under.required).toBe(false);
    expect(over.required).toBe(true);
  });

  it("a row naming an unverified, archived, other credential's or unknown beneficiary refuses the file on that row; nothing is written", async () => {
    const good = await saved();
    const pending = await saved({ verified: false });
    const archived = await saved();
    await archiveBeneficiary({ ctx: sb.finance.ctx, id: archived.id, input: {} });
    const elsewhere = await createMerchant(testDb());
    const other = await saved({ credentialId: elsewhere.id });
    const before = await counts();
    const e = await refusal(submit(file(`TH,KBANK,${account()},150,Typed,,`, `,,,150,P,,${pending.id}`, `,,,150,A,,${archived.id}`, `,,,150,O,,${other.id}`, `,,,150,U,,2000000000`, `,,,150,G,,${good.id}`)));
    expect(e.code).toBe("invalid_input");
    expect(e.message).toMatch(/^4 of 6 rows need attention; nothing was stored/);
    expect(e.fields).toEqual({
      "rows.2.beneficiaryId": expect.stringMatching(/not verified yet/),
      "rows.3.beneficiaryId": expect.stringMatching(/verified beneficiary of this credential/),
      "rows.4.beneficiaryId": expect.stringMatching(/verified beneficiary of this credential/),
      "rows.5.beneficiaryId": expect.stringMatching(/verified beneficiary of this credential/),
    });
    expect(await counts()).toEqual(before);
  });

  it("a row with both a beneficiaryId and the payee's columns is a row error saying to give one or the other", async () => {
    const b = await saved();
    const before = await counts();
    const e = await refusal(submit(file(`TH,KBANK,${account()},150,Both,,${b.id}`, `,,${account()},150,Account only,,${b.id}`)));
    expect(e.fields?.["rows.1.beneficiaryId"]).toMatch(/beneficiaryId or the payee's columns .* not both/);
    expect(e.fields?.["rows.2.beneficiaryId"]).toMatch(/not both/);
    expect(await counts()).toEqual(before);
  });

  it("a beneficiary row's own fields are checked by the beneficiary's region: decimals in baht and a missing amount are on amount", async () => {
    const b = await saved();
    const e = await refusal(submit(file(`,,,150.555,Decimals,,${b.id}`, `,,,,No amount,,${b.id}`)));
    expect(Object.keys(e.fields ?? {}).sort()).toEqual(["rows.1.amount", "rows.2.amount"]);
  });

  it("the creating transaction's lock reports a beneficiary whose version moved since it was read, or that is no longer verified", async () => {
    const b = await saved();
    const [now] = await testDb().select({ version: beneficiaries.version }).from(beneficiaries).where(eq(beneficiaries.id, b.id));
    const version = now?.version ?? -1;
    expect(await testDb().transaction((tx) => lockUnchanged(tx, [{ id: b.id, version }]))).toEqual([]);
    expect(await testDb().transaction((tx) => lockUnchanged(tx, [{ id: b.id, version: version - 1 }]))).toEqual([b.id]);
    await archiveBeneficiary({ ctx: sb.finance.ctx, id: b.id, input: {} });
    expect(await testDb().transaction((tx) => lockUnchanged(tx, [{ id: b.id, version }]))).toEqual([b.id]);
  });
});

describe("the file check shared with the browser, for beneficiary rows", () => {
  const rowsOf = (text: string) => {
    const f = parseBatchFile(new TextEncoder().encode(text));
    if (!f.ok) throw new Error(f.message);
    return f.rows;
  };

  it("without a lookup (the browser) a beneficiary row is good but unpriced: not in the totals, the server prices it", () => {
    const res = checkRows(rowsOf("beneficiaryId,amount,purpose\r\n12,1500,Invoice\r\n"), 1);
    expect(res).toMatchObject({ badCount: 0, unpriced: 1, totals: [] });
    expect(res.rows[0]?.value).toBeUndefined();
  });

  it("without a lookup it still refuses both kinds on one row, a bad id and a bad purpose, each on its column", () => {
    const res = checkRows(rowsOf(`${HEADER}\r\nTH,,,150,x,,5\r\n,,,150,Fine,,abc\r\n,,,150,,,7\r\n`), 1);
    expect(res.rows.map((r) => Object.keys(r.errors))).toEqual([["beneficiaryId"], ["beneficiaryId"], ["purpose"]]);
    expect(res).toMatchObject({ badCount: 3, unpriced: 0 });
  });

  it("with a lookup a beneficiary row is priced, counted in the totals and flagged as the same pay-out as a typed row to that account", () => {
    const lookup: BeneficiaryLookup = (id) => (id === 5 ? { payee: { region: "TH", method: "KBANK", account: "1234567890" } } : { error: "Choose a verified beneficiary of this credential" });
    const res = checkRows(rowsOf(`${HEADER}\r\nTH,KBANK,1234567890,150,Typed,,\r\n,,,150,Saved,,5\r\n,,,150,Gone,,6\r\n`), 1, lookup);
    expect(res.rows[1]).toMatchObject({ sameAs: 1, value: { beneficiaryId: 5, account: "1234567890", amountMinor: 150_00n } });
    expect(res.rows[2]?.errors).toEqual({ beneficiaryId: "Choose a verified beneficiary of this credential" });
    expect(res.totals).toEqual([{ currency: "THB", count: 2, totalMinor: "30000" }]);
  });

  it("a saved payee the region's rules now refuse is said about the beneficiary, on beneficiaryId", () => {
    const lookup: BeneficiaryLookup = () => ({ payee: { region: "BR", method: "CPF", account: "52998224725", taxNumber: "123.456.789-00" } });
    const res = checkRows(rowsOf(`${HEADER}\r\n,,,150,Salary,,9\r\n`), 1, lookup);
    expect(res.rows[0]?.errors).toEqual({ beneficiaryId: expect.stringMatching(/^This beneficiary's taxNumber no longer passes/) });
  });
});
