import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { approvalThresholds, payouts } from "@/db/schema";
import { approvalNeed } from "@/lib/payouts/approval-need";
import { createPayout } from "@/lib/payouts/create-payout";
import { getOrder } from "@/lib/orders/get-order";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import { testDb } from "../helpers/db";
import { key, person, sandboxForFile } from "./helpers";

const sb = sandboxForFile(); // THB threshold 50,000.00
beforeAll(async () => {
  // The demo credential's other thresholds: USDT 1,000 and BRL 5,000.
  await testDb()
    .insert(approvalThresholds)
    .values([
      { merchantId: sb.cred.m.id, currency: "USDT", minAmountMinor: 1_000_0000n },
      { merchantId: sb.cred.m.id, currency: "BRL", minAmountMinor: 5_000_00n },
    ]);
});

const create = (fields: Record<string, string>) =>
  createPayout({ ctx: sb.finance.ctx, input: createPayoutSchema.parse({ credentialId: sb.cred.m.id, purpose: "Supplier payment", ...fields }), idempotencyKey: key() });

describe("one beneficiary in several spellings counts as one toward the approval threshold", () => {
  it("3 × USDT 999 to one BEP20 wallet written lower-case, upper-case and checksummed: the second and third wait for approval", async () => {
    const checksummed = "0x8617E340B3D01FA5F11F306F4090FD50E238070D";
    const spellings = [checksummed.toLowerCase(), `0x${checksummed.slice(2).toUpperCase()}`, checksummed];
    const statuses: string[] = [];
    for (const account of spellings) statuses.push((await create({ region: "USDT", method: "USDT", network: "BEP20", account, amount: "999" })).payout.status);
    expect(statuses).toEqual(["APPROVED", "PENDING_APPROVAL", "PENDING_APPROVAL"]);
    const need = await approvalNeed(testDb(), { credentialId: sb.cred.m.id, currency: "USDT", beneficiaryKey: checksummed.toLowerCase(), amountMinor: 1n });
    expect(need).toMatchObject({ required: true, recentTotalMinor: 3n * 999_0000n });
    expect(need.reason).toMatch(/This beneficiary already has 2,997\.00 USDT/);
  });

  it("5 × BRL 4,999 to one receiver through 5 Pix keys (CPF, e-mail, phone, random, CNPJ) with the same tax number: only the first is sent without approval", async () => {
    const taxNumbers = ["390.533.447-05", "39053344705", "390 533 447 05", "39053344705", "390.533.447/05"];
    const keys = [
      { method: "CPF", account: "390.533.447-05" },
      { method: "EMAIL", account: "Joana.Souza@example.com.br" },
      { method: "PHONE", account: "+55 21 99876-5432" },
      { method: "EVP", account: "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f" },
      { method: "CNPJ", account: "11.222.333/0001-81" },
    ];
    const statuses: string[] = [];
    for (const [i, k] of keys.entries()) {
      statuses.push((await create({ region: "BR", ...k, taxNumber: taxNumbers[i] ?? "", amount: "4999" })).payout.status);
    }
    expect(statuses).toEqual(["APPROVED", "PENDING_APPROVAL", "PENDING_APPROVAL", "PENDING_APPROVAL", "PENDING_APPROVAL"]);
    const need = await approvalNeed(testDb(), { credentialId: sb.cred.m.id, currency: "BRL", beneficiaryKey: "39053344705", amountMinor: 1n });
    expect(need.recentTotalMinor).toBe(5n * 4_999_00n);
    // Another receiver through a Pix key used above is another beneficiary.
    expect((await create({ region: "BR", method: "EMAIL", account: "joana.souza@example.com.br", taxNumber: "52998224725", amount: "4999" })).payout.status).toBe("APPROVED");
  });

  it("one Thai account typed with spaces, dashes and plainly: THB 20,000 three times, the third reaches 50,000 and waits", async () => {
    const statuses: string[] = [];
    for (const account of ["456-7-89012-3", "4567890123", "456 789 0123"]) {
      statuses.push((await create({ region: "TH", method: "KBANK", account, amount: "20,000" })).payout.status);
    }
    expect(statuses).toEqual(["APPROVED", "APPROVED", "PENDING_APPROVAL"]);
    // The same digits at another bank are another account.
    expect((await create({ region: "TH", method: "SCB", account: "4567890123", amount: "20,000" })).payout.status).toBe("APPROVED");
  });

  it("the key is stored on the pay-out and never returned in its JSON, whoever asks", async () => {
    const { payout } = await create({ region: "BR", method: "EMAIL", account: "ana.lima@example.com", taxNumber: "111.444.777-35", amount: "100" });
    const [row] = await testDb().select({ k: payouts.beneficiaryKey }).from(payouts).where(eq(payouts.id, payout.id));
    expect(row?.k).toBe("11144477735");
    const support = await person("support");
    for (const who of [support, sb.finance]) {
      const json = JSON.stringify(await getOrder({ ctx: who.ctx, kind: "payout", id: payout.id }));
      expect(json).not.toMatch(/beneficiaryKey|beneficiary_key/);
      if (who === support) expect(json).not.toContain("11144477735");
    }
  });
});
