import { describe, expect, it } from "vitest";
import { sortRows, type Column } from "@/components/ui/data-table";
import { amountFilterProblem, filtersFromParams, filtersToQuery } from "@/components/payouts/list-filters";
import {
  EMPTY_PAYOUT_FORM,
  amountPreview,
  balanceWarning,
  newIdempotencyKey,
  payoutResolver,
  requestBody,
  type PayoutFormValues,
} from "@/components/payouts/payout-form-logic";
import { approveManyQuestion, approveQuestion, beneficiaryLine, cancelQuestion, prettyPayload } from "@/components/payouts/payout-text";

const form = (v: Partial<PayoutFormValues>): PayoutFormValues => ({ ...EMPTY_PAYOUT_FORM, ...v });
const BAD_BEP20 = "0x55D398326f99059fF775485246999027B3197955"; // one letter's case flipped: checksum fails
const GOOD_BEP20 = "0x55d398326f99059fF775485246999027B3197955";

describe("list filters in the URL", () => {
  it("keeps known non-empty keys only and writes them in a stable order", () => {
    const f = filtersFromParams(new URLSearchParams("status=SUCCESS&cursor=abc&region=TH&q=&evil=1&minAmount=100"));
    expect(f).toEqual({ status: "SUCCESS", region: "TH", minAmount: "100" });
    expect(filtersToQuery(f, { cursor: "c1", limit: 50, order: undefined })).toBe("region=TH&status=SUCCESS&minAmount=100&cursor=c1&limit=50");
    expect(filtersToQuery({})).toBe("");
  });

  it("asks for a region before filtering by amount", () => {
    expect(amountFilterProblem({ minAmount: "10" })).toMatch(/region/);
    expect(amountFilterProblem({ minAmount: "10", region: "BR" })).toBeNull();
  });
});

describe("amount preview", () => {
  it("shows the exact wire value per region", () => {
    expect(amountPreview("TH", "1,500")).toMatchObject({ ok: true, minor: 150000n, display: "1,500.00 THB", wire: "sent to Smilepayz as 1500 baht" });
    expect(amountPreview("PH", "100.50")).toMatchObject({ ok: true, minor: 10050n, wire: "sent to Smilepayz as 10050 centavos" });
    expect(amountPreview("USDT", "12.3456")).toMatchObject({ ok: true, minor: 123456n, wire: "sent to Smilepayz as 12.3456 USDT" });
    expect(amountPreview("TH", "1500.50")).toMatchObject({ ok: false });
    expect(amountPreview("TH", "")).toBeNull();
    expect(amountPreview("", "10")).toBeNull();
  });

  it("warns only above the available balance", () => {
    expect(balanceWarning(150000n, "150000", "TH")).toBeNull();
    expect(balanceWarning(150100n, "150000", "TH")).toMatch(/above .*1,500.00 THB/);
    expect(balanceWarning(150100n, null, "TH")).toBeNull();
    expect(balanceWarning(null, "1", "TH")).toBeNull();
  });
});

describe("field errors while the rest of the form is empty", () => {
  const opts = { fields: {}, shouldUseNativeValidation: false } as never;
  const errorsOf = async (v: PayoutFormValues) => (await payoutResolver(v as never, undefined, opts)).errors as Record<string, { message?: string }>;

  it("names a bad CPF, a wrong BEP20 checksum and a 33-digit Thai account while purpose is still empty", async () => {
    expect((await errorsOf(form({ credentialId: "1", region: "BR", method: "CPF", account: "123.456.789-00" }))).account?.message).toMatch(/check digits/);
    expect((await errorsOf(form({ region: "USDT", method: "USDT", network: "BEP20", account: BAD_BEP20 }))).account?.message).toMatch(/checksum/i);
    expect((await errorsOf(form({ region: "USDT", method: "USDT", network: "BEP20", account: GOOD_BEP20 }))).account).toBeUndefined();
    expect((await errorsOf(form({ region: "TH", method: "KBANK", account: "1".repeat(33) }))).account?.message).toBeTruthy();
  });

  it("one submit gets every field's message at once, and a valid form passes", async () => {
    const bad = await payoutResolver(form({ credentialId: "1", region: "BR", method: "CPF", account: "123.456.789-00" }) as never, undefined, opts);
    expect(Object.keys(bad.errors).sort()).toEqual(["account", "amount", "purpose", "taxNumber"]);
    const good = await payoutResolver(
      form({ credentialId: "1", region: "BR", method: "CPF", account: "123.456.789-09", amount: "100", purpose: "refund", taxNumber: "123.456.789-09" }) as never,
      undefined,
      opts,
    );
    expect(good.errors).toEqual({});
    expect(good.values).toMatchObject({ amountMinor: 10000n, method: "CPF", account: "12345678909" });
  });

  it("sends the raw strings, empty optional fields left out", () => {
    expect(requestBody(form({ credentialId: "1", region: "TH", amount: "1,500", orderNo: "" }))).toEqual({ credentialId: "1", region: "TH", amount: "1,500" });
  });
});

describe("words and keys", () => {
  const p = {
    region: "TH" as const, amountDisplay: "75,000.00 THB", method: "KBANK", account: "1234567890", receiverName: null, network: null, environment: "sandbox" as const,
    purpose: "Invoice 4411", merchantName: "Demo merchant",
  };
  it("names the consequence of an approval, with the purpose, the credential and the bank by name", () => {
    expect(approveQuestion(p)).toBe('Approve sending 75,000.00 THB to Kasikornbank 1234567890 for "Invoice 4411"? The money leaves the account of Demo merchant.');
    expect(approveQuestion({ ...p, environment: "production" })).toMatch(/PRODUCTION account of Demo merchant/);
    expect(cancelQuestion(p)).toBe('Cancel the pay-out of 75,000.00 THB to Kasikornbank 1234567890 for "Invoice 4411"? It will never be sent or approved; paying this beneficiary then takes a new pay-out.');
    expect(beneficiaryLine({ method: "USDT", account: "T1", receiverName: null, network: "TRC20" })).toBe("USDT (TRC20) T1");
    expect(beneficiaryLine({ region: "USDT", method: "USDT", account: "T1", receiverName: null, network: "TRC20" })).toBe("USDT wallet (TRC20) T1");
    expect(beneficiaryLine({ region: "PH", method: "GCASH", account: "09171234567", receiverName: "Juan Dela Cruz", network: null })).toBe("GCash 09171234567 (Juan Dela Cruz)");
    expect(approveManyQuestion([
      { amountDisplay: "", currency: "THB", amountMinor: "5000000" },
      { amountDisplay: "", currency: "THB", amountMinor: "2500000" },
      { amountDisplay: "", currency: "USDT", amountMinor: "10000000" },
    ])).toBe("Approve 3 pay-outs totalling 75,000.00 THB and 1,000.00 USDT? The money leaves the merchant's accounts.");
  });

  it("pretty-prints JSON payloads and leaves others alone", () => {
    expect(prettyPayload('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyPayload("SUCCESS")).toBe("SUCCESS");
  });

  it("makes an Idempotency-Key with or without randomUUID", () => {
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f-]{36}$/);
    const k = newIdempotencyKey({ getRandomValues: <T extends ArrayBufferView | null>(a: T) => a });
    expect(k).toBe("0".repeat(32));
  });

  it("sorts loaded rows by a column, both ways", () => {
    const cols: Column<{ n: bigint }>[] = [{ id: "n", header: "N", cell: (r) => String(r.n), sortValue: (r) => r.n }];
    const rows = [{ n: 3n }, { n: 10n }, { n: 1n }];
    expect(sortRows(rows, cols, { id: "n", dir: "asc" }).map((r) => r.n)).toEqual([1n, 3n, 10n]);
    expect(sortRows(rows, cols, { id: "n", dir: "desc" }).map((r) => r.n)).toEqual([10n, 3n, 1n]);
    expect(sortRows(rows, cols, null)).toEqual(rows);
  });
});
