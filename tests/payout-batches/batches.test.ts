import { createHash, randomBytes } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { approvalThresholds, payoutBatches, payouts } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { batchResultCsv } from "@/lib/payout-batches/batch-result-csv";
import { createBatch } from "@/lib/payout-batches/create-batch";
import { approveBatch, cancelBatch, rejectBatch } from "@/lib/payout-batches/decide-batch";
import { duplicateKey } from "@/lib/payout-batches/columns";
import { getFailedRows } from "@/lib/payout-batches/failed-rows";
import { getBatchSummary } from "@/lib/payout-batches/get-batch";
import { payFailedAgain } from "@/lib/payout-batches/pay-failed-again";
import { previewBatchApproval } from "@/lib/payout-batches/preview-batch-approval";
import { recentKeys } from "@/lib/payout-batches/recent-keys";
import { createPayout } from "@/lib/payouts/create-payout";
import { inquireOrder } from "@/lib/gateway-work/inquire-order";
import { dispatchPayouts } from "@/lib/gateway-work/dispatch-payouts";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import type { SandboxGateway } from "@/sandbox-gateway";
import { testDb } from "../helpers/db";
import { readGatewayOrder, scenario } from "../helpers/gateway";
import { gatewayCredential, gatewayOrders, key, person, sandboxForFile, thai } from "../payouts/helpers";

let gw: SandboxGateway;
let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;
let approver: Awaited<ReturnType<typeof person>>;

const sb = sandboxForFile();
beforeAll(async () => {
  ({ gw, cred, finance } = sb);
  approver = await person("approver");
});

/** A Thai-only file (THB has a threshold): `n` rows of `amount` baht to distinct accounts, plus a unique tag. */
function thaiFile(n: number, amount = "1000", account = (i: number) => String(2_000_000_000 + i)): Uint8Array {
  const tag = randomBytes(4).toString("hex");
  const lines = ["region,method,account,amount,purpose"];
  for (let i = 1; i <= n; i++) lines.push(`TH,KBANK,${account(i)},${amount},Run ${tag}`);
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
}
const submit = (bytes: Uint8Array, who = finance, over: Partial<{ confirmDuplicate: boolean; idempotencyKey: string }> = {}) =>
  createBatch({ ctx: who.ctx, input: { credentialId: cred.m.id, fileName: "run.csv", bytes, idempotencyKey: over.idempotencyKey ?? key(), confirmDuplicate: over.confirmDuplicate ?? false } });
const rowsOf = (batchId: number) => testDb().select().from(payouts).where(eq(payouts.batchId, batchId)).orderBy(payouts.id);
const batchCount = async () => (await testDb().select({ n: count() }).from(payoutBatches))[0]?.n ?? 0;
const jobsOfBatch = async (batchId: number) =>
  (
    await testDb().execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job j join payouts p on p.id = (j.data->>'payoutId')::bigint where j.name = 'payout-dispatch' and p.batch_id = ${batchId}`,
    )
  )[0]?.n ?? 0;
async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe("a run from a file", () => {
  it("says before submitting whether the run will wait for a second person, by the submit's own rule; its largest rows are compared within each currency", async () => {
    const wallet = "0x8617E340B3D01FA5F11F306F4090FD50E238070D";
    const tag = randomBytes(4).toString("hex");
    const mixed = new TextEncoder().encode(
      [
        "region,method,account,amount,purpose,network",
        `TH,KBANK,2100000001,"60,000",Mixed ${tag},`,
        `TH,KBANK,2100000002,"1,350",Mixed ${tag},`,
        `USDT,USDT,${wallet},900,Mixed ${tag},BEP20`,
      ].join("\r\n"),
    );
    const small = thaiFile(2, "1000");
    for (const bytes of [mixed, small]) {
      const preview = await previewBatchApproval({ ctx: finance.ctx, input: { credentialId: cred.m.id, bytes } });
      const { batch } = await submit(bytes);
      expect(preview).toEqual({ required: batch.approvalRequired, reason: batch.approvalReason });
    }
    const first = await previewBatchApproval({ ctx: finance.ctx, input: { credentialId: cred.m.id, bytes: mixed } });
    expect(first.required).toBe(true);
    expect(first.reason).toMatch(/a THB row is at or above the threshold/);
    const bad = new TextEncoder().encode("region,method,account,amount,purpose\r\nTH,KBANK,2100000003,1000.50,x\r\n");
    expect((await refusal(previewBatchApproval({ ctx: finance.ctx, input: { credentialId: cred.m.id, bytes: bad } }))).fields).toEqual({ "rows.1.amount": expect.stringMatching(/whole numbers/) });

    // 900 USDT has more minor units than 60,000 THB, but it is not "larger": each currency is ranked on its own.
    const [run] = await testDb().select({ id: payoutBatches.id }).from(payoutBatches).where(eq(payoutBatches.merchantId, cred.m.id)).orderBy(sql`${payoutBatches.id} desc`).offset(1).limit(1);
    const summary = await getBatchSummary({ ctx: approver.ctx, id: run?.id ?? 0 });
    expect(summary.largest.map((r) => [r.row, r.currency, r.amount])).toEqual([
      [1, "THB", "60,000.00 THB"],
      [2, "THB", "1,350.00 THB"],
      [3, "USDT", "900.00 USDT"],
    ]);
  });

  it("one bad row refuses the run whole, naming the row and column; nothing is written", async () => {
    const before = await batchCount();
    const text = new TextDecoder().decode(thaiFile(5)).replace(/\r\nTH,KBANK,2000000003,1000,/, "\r\nTH,KBANK,2000000003,1000.50,");
    const e = await refusal(submit(new TextEncoder().encode(text)));
    expect(e.code).toBe("invalid_input");
    expect(e.message).toMatch(/1 of 5 rows need attention; nothing was stored/);
    expect(e.fields).toEqual({ "rows.3.amount": expect.stringMatching(/whole numbers/) });
    expect(await batchCount()).toBe(before);
    expect((await refusal(submit(new Uint8Array()))).fields?.file).toMatch(/empty/);
  });

  it("under the threshold: APPROVED rows with one dispatch job each, sent once each; result CSV per row", async () => {
    const { batch } = await submit(thaiFile(6));
    expect(batch).toMatchObject({ status: "DISPATCHING", rowCount: 6, approvalRequired: false, progress: { waiting: 6 } });
    expect(await jobsOfBatch(batch.id)).toBe(6);
    const rows = await rowsOf(batch.id);
    await dispatchPayouts(testDb(), rows.map((r) => r.id));
    await dispatchPayouts(testDb(), rows.map((r) => r.id)); // a redelivered job sends nothing twice
    for (const r of rows) expect(await gatewayOrders(r.orderNo)).toBe(1);
    const csv = await (await batchResultCsv({ ctx: finance.ctx, id: batch.id })).text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("row,region,method,account,amount,currency,purpose,receiverName,taxNumber,network,orderNo,tradeNo,status,reason,finalAt,paidAgainInRun");
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(new RegExp(`^1,TH,KBANK,2000000001,1000\\.00,THB,Run [0-9a-f]+,,,,${rows[0]?.orderNo},[^,]+,(PROCESSING|SUCCESS),`));
  });

  it("the run's total at the threshold waits; the creator cannot approve; a stale hash or code is refused; then one code approves all", async () => {
    const { batch } = await submit(thaiFile(5, "10000"));
    expect(batch).toMatchObject({ status: "PENDING_APPROVAL", approvalRequired: true, progress: { waiting: 5 } });
    expect(batch.approvalReason).toMatch(/THB total is at or above/);
    expect(await jobsOfBatch(batch.id)).toBe(0);
    const hash = batch.contentHash ?? "";
    expect((await refusal(approveBatch({ ctx: finance.ctx, id: batch.id, input: { code: finance.code(), contentHash: hash } }))).code).toBe("forbidden");
    const stale = await refusal(approveBatch({ ctx: approver.ctx, id: batch.id, input: { code: approver.code(), contentHash: "0".repeat(64) } }));
    expect(stale.code).toBe("conflict");
    expect((await refusal(approveBatch({ ctx: approver.ctx, id: batch.id, input: { code: "000000", contentHash: hash } }))).fields?.code).toBeDefined();
    const summary = await getBatchSummary({ ctx: approver.ctx, id: batch.id });
    expect(summary.canApprove).toBe(true);
    expect(summary.largest).toHaveLength(5);
    expect(summary.totals).toEqual([{ currency: "THB", count: 5, totalMinor: "5000000", total: expect.stringContaining("50,000") }]);
    const approved = await approveBatch({ ctx: approver.ctx, id: batch.id, input: { code: approver.code(), contentHash: hash } });
    expect(approved).toMatchObject({ status: "DISPATCHING", approvedBy: { id: approver.user.id } });
    expect((await rowsOf(batch.id)).every((r) => r.status === "APPROVED" && r.approvedHash === r.contentHash && r.approvedBy === approver.user.id)).toBe(true);
    expect(await jobsOfBatch(batch.id)).toBe(5);
  });

  it("a beneficiary's last 24 hours count with the run's rows to it; the summary shows the duplicate", async () => {
    await createPayout({ ctx: finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: cred.m.id, account: "3000000001", amount: "45000" })), idempotencyKey: key() });
    const { batch } = await submit(thaiFile(1, "5000", () => "3000000001"));
    expect(batch.approvalRequired).toBe(true);
    expect(batch.approvalReason).toMatch(/last 24 hours plus this run/);
    // The page's check learns of recent pay-outs as hashes only (no account numbers reach the browser).
    const { keys } = await recentKeys({ ctx: finance.ctx, input: { credentialId: cred.m.id } });
    expect(keys).toContain(createHash("sha256").update(duplicateKey("THB", "KBANK:3000000001", 4_500_000n)).digest("hex"));
    expect(keys.join()).not.toContain("3000000001");
    const again = await submit(thaiFile(2, "100", () => "3000000002"));
    const summary = await getBatchSummary({ ctx: approver.ctx, id: again.batch.id });
    expect(summary.duplicates).toEqual([expect.objectContaining({ row: 2, reason: "same beneficiary and amount earlier in this run" })]);
  });

  it("one beneficiary in two spellings: flagged as a duplicate in the run, and a single pay-out through another Pix key counts with the run", async () => {
    const other = await gatewayCredential(gw);
    await testDb().insert(approvalThresholds).values([
      { merchantId: other.m.id, currency: "USDT", minAmountMinor: 1_000_0000n },
      { merchantId: other.m.id, currency: "BRL", minAmountMinor: 5_000_00n },
    ]);
    const file = (lines: string[]) => new TextEncoder().encode(`region,method,account,amount,purpose,taxNumber,network\r\n${lines.join("\r\n")}\r\n`);
    const run = (lines: string[]) => createBatch({ ctx: finance.ctx, input: { credentialId: other.m.id, fileName: "run.csv", bytes: file(lines), idempotencyKey: key(), confirmDuplicate: false } });
    const wallet = "0x8617E340B3D01FA5F11F306F4090FD50E238070D";
    const { batch } = await run([`USDT,USDT,${wallet.toLowerCase()},100,Fee A,,BEP20`, `USDT,USDT,${wallet},100,Fee B,,BEP20`]);
    const summary = await getBatchSummary({ ctx: approver.ctx, id: batch.id });
    expect(summary.duplicates).toEqual([expect.objectContaining({ row: 2, reason: "same beneficiary and amount earlier in this run" })]);
    // The duplicate line shows the row's account masked, never the key.
    expect(JSON.stringify(summary)).not.toContain(wallet.toLowerCase());

    // BRL 3,000 by CPF key, then a run of one BRL 2,500 row by e-mail key to the same tax number: 5,500 in 24 hours.
    await createPayout({
      ctx: finance.ctx,
      input: createPayoutSchema.parse({ credentialId: other.m.id, region: "BR", method: "CPF", account: "390.533.447-05", taxNumber: "39053344705", amount: "3000", purpose: "Salary" }),
      idempotencyKey: key(),
    });
    const second = await run(["BR,EMAIL,joana@example.com.br,2500,Salary,390.533.447-05,"]);
    expect(second.batch.approvalRequired).toBe(true);
    expect(second.batch.approvalReason).toMatch(/BRL beneficiary's last 24 hours plus this run/);
  });

  it("the same file twice is refused unless confirmed; the same Idempotency-Key returns the same run", async () => {
    const file = thaiFile(2);
    const k = key();
    const first = await submit(file, finance, { idempotencyKey: k });
    expect((await submit(file, finance, { idempotencyKey: k })).batch.id).toBe(first.batch.id);
    const dup = await refusal(submit(file));
    expect(dup.code).toBe("conflict");
    expect(dup.fields?.confirmDuplicate).toMatch(/confirm/);
    expect((await submit(file, finance, { confirmDuplicate: true })).batch.id).not.toBe(first.batch.id);
  });

  it("cancel: rows not yet sent are CANCELLED, the sent ones go on; reject refuses every row", async () => {
    const { batch } = await submit(thaiFile(4));
    const rows = await rowsOf(batch.id);
    await dispatchPayouts(testDb(), rows.slice(0, 2).map((r) => r.id));
    const cancelled = await cancelBatch({ ctx: finance.ctx, id: batch.id, input: { reason: "wrong month" } });
    expect(cancelled.cancelledRows).toBe(2);
    expect(cancelled.progress).toMatchObject({ waiting: 0, cancelled: 2 });
    const r = await dispatchPayouts(testDb(), rows.map((x) => x.id));
    expect(r.slice(2)).toEqual([{ kind: "skipped", status: "CANCELLED" }, { kind: "skipped", status: "CANCELLED" }]);
    expect(await gatewayOrders(rows[3]?.orderNo ?? "")).toBe(0);

    const big = await submit(thaiFile(1, "60000"));
    expect((await refusal(rejectBatch({ ctx: finance.ctx, id: big.batch.id, input: { reason: "not mine" } }))).code).toBe("forbidden");
    const rejected = await rejectBatch({ ctx: approver.ctx, id: big.batch.id, input: { reason: "wrong supplier" } });
    expect(rejected).toMatchObject({ status: "REJECTED", progress: { cancelled: 1 } });
  });
});

describe("a run's failed rows", () => {
  /** A run of three Thai rows: the first two FAILED at the gateway (a remark, then the sandbox's default one), the third SUCCESS. */
  async function settledRun() {
    const tag = randomBytes(4).toString("hex").toUpperCase();
    const orderNos = [1, 2, 3].map((i) => `RF${tag}${i}`);
    const lines = ["region,method,account,amount,purpose,orderNo", ...orderNos.map((o, i) => `TH,KBANK,40000000${i}1,${1500 + i},"Invoice ${tag}, part ${i + 1}",${o}`)];
    await scenario(gw, { orderNo: orderNos[0], fate: { outcome: "FAILED", afterMs: 0, callback: "none", remark: "Account closed by the bank" } });
    await scenario(gw, { orderNo: orderNos[1], fate: { outcome: "FAILED", afterMs: 0, callback: "none" } });
    await scenario(gw, { orderNo: orderNos[2], fate: { outcome: "SUCCESS", afterMs: 0, callback: "none" } });
    const { batch } = await submit(new TextEncoder().encode(`${lines.join("\r\n")}\r\n`));
    const rows = await rowsOf(batch.id);
    await dispatchPayouts(testDb(), rows.map((r) => r.id));
    for (const r of rows) {
      for (let i = 0; i < 100 && !["FAILED", "SUCCESS"].includes((await readGatewayOrder(gw, r.orderNo))?.order.status ?? ""); i++) await new Promise((ok) => setTimeout(ok, 100));
      await inquireOrder(testDb(), "payout", r.id);
    }
    expect((await rowsOf(batch.id)).map((r) => r.status)).toEqual(["FAILED", "FAILED", "SUCCESS"]);
    return { batch, rows, tag };
  }

  it("result.csv has every input column, the amount, the gateway's reason in words and the final time; masked for support", async () => {
    const { batch, rows, tag } = await settledRun();
    const csv = await (await batchResultCsv({ ctx: finance.ctx, id: batch.id })).text();
    const lines = csv.trim().split("\r\n");
    expect(lines[1]).toMatch(
      new RegExp(`^1,TH,KBANK,4000000001,1500\\.00,THB,"Invoice ${tag}, part 1",,,,${rows[0]?.orderNo},[^,]+,FAILED,Smilepayz confirmed the payment failed: Account closed by the bank\\. No money went to the beneficiary\\.,\\d{4}-\\d\\d-\\d\\dT[^,]+Z,$`),
    );
    expect(lines[2]).toContain(",FAILED,Smilepayz confirmed the payment failed: The beneficiary's bank declined the transfer. No money went to the beneficiary.,");
    expect(lines[3]).toMatch(/,SUCCESS,,\d{4}-/);
    expect(csv).not.toMatch(/FAILED,00,Successful/);
    const support = await person("support");
    const masked = await (await batchResultCsv({ ctx: support.ctx, id: batch.id })).text();
    expect(masked).not.toContain("4000000001");
    expect(masked).toContain("••••••0001");
  });

  it("are listed with their reasons; paid again once as a new run with new orderNos, through the same checks; a stale count or a second time is refused", async () => {
    const { batch, rows } = await settledRun();
    const failed = await getFailedRows({ ctx: finance.ctx, id: batch.id });
    expect(failed).toMatchObject({ payableAgain: 2, payableAgainTotals: ["3,001.00 THB"], canPayAgain: true });
    expect(failed.rows.map((r) => [r.row, r.orderNo, r.amount, r.account, r.reason])).toEqual([
      [1, rows[0]?.orderNo, "1,500.00 THB", "4000000001", "Smilepayz confirmed the payment failed: Account closed by the bank. No money went to the beneficiary."],
      [2, rows[1]?.orderNo, "1,501.00 THB", "4000000011", "Smilepayz confirmed the payment failed: The beneficiary's bank declined the transfer. No money went to the beneficiary."],
    ]);
    expect((await getFailedRows({ ctx: (await person("support")).ctx, id: batch.id })).canPayAgain).toBe(false);

    const stale = await refusal(payFailedAgain({ ctx: finance.ctx, id: batch.id, input: { expectedRows: 3 } }));
    expect(stale).toMatchObject({ code: "conflict", message: expect.stringMatching(/^2 failed rows can be paid again now, not 3/) });
    const { batch: again } = await payFailedAgain({ ctx: finance.ctx, id: batch.id, input: { expectedRows: 2 } });
    expect(again).toMatchObject({ rowCount: 2, fileName: `run-${batch.id}-failed-rows.csv`, status: "DISPATCHING", createdBy: { id: finance.user.id } });
    const fresh = await rowsOf(again.id);
    expect(fresh.map((r) => [r.cashAccount, r.amountMinor, r.receiverName, r.purpose, r.status])).toEqual(
      rows.slice(0, 2).map((r) => [r.cashAccount, r.amountMinor, r.receiverName, r.purpose, "APPROVED"]),
    );
    expect(fresh.map((r) => r.orderNo).filter((o) => rows.some((r) => r.orderNo === o))).toEqual([]);
    expect(await jobsOfBatch(again.id)).toBe(2);
    const after = await getFailedRows({ ctx: finance.ctx, id: batch.id });
    expect(after).toMatchObject({ payableAgain: 0, canPayAgain: false });
    expect(after.rows.map((r) => r.paidAgainBy?.batchId)).toEqual([again.id, again.id]);
    expect(await refusal(payFailedAgain({ ctx: approver.ctx, id: batch.id, input: { expectedRows: 2 } }))).toMatchObject({ code: "conflict", message: `Every failed row was already paid again (run ${again.id}).` });
    const audit = await testDb().execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'payout_batch.failed_rows_paid_again' and target_id = ${String(batch.id)}`);
    expect(audit[0]?.n).toBe(1);
  });

  it("two people paying the same failed rows again at once make one new run; the other is told someone just did", async () => {
    const { batch } = await settledRun();
    const runsBefore = await batchCount();
    const results = await Promise.allSettled([
      payFailedAgain({ ctx: finance.ctx, id: batch.id, input: { expectedRows: 2 } }),
      payFailedAgain({ ctx: approver.ctx, id: batch.id, input: { expectedRows: 2 } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(lost?.reason).toBeInstanceOf(AppError);
    expect((lost?.reason as AppError).code).toBe("conflict");
    expect(await batchCount()).toBe(runsBefore + 1);
  });
});
