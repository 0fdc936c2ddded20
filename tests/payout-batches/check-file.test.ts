import { describe, expect, it } from "vitest";
import { TEMPLATE_REGIONS, templateCsv, type BatchColumn } from "@/lib/payout-batches/columns";
import { checkRows } from "@/lib/payout-batches/check-rows";
import { parseBatchFile } from "@/lib/payout-batches/parse-file";
import type { RegionCode } from "@/lib/smilepayz/regions/types";
import { BAD, runCsv, twentyBad } from "../../scripts/lib/run-csv";

const enc = (s: string) => new TextEncoder().encode(s);
const check = (text: string | Uint8Array) => {
  const f = parseBatchFile(typeof text === "string" ? enc(text) : text);
  if (!f.ok) throw new Error(f.message);
  return checkRows(f.rows, 1);
};

describe("a run's file, checked with the pay-out schema", () => {
  it("every region's template parses and its example row is good", () => {
    for (const r of TEMPLATE_REGIONS) {
      const res = check(templateCsv(r as RegionCode));
      expect(res.rows).toHaveLength(1);
      expect(res.rows[0]?.errors).toEqual({});
      expect(res.badCount).toBe(0);
    }
  });

  it("1,000 rows with exactly 20 bad ones: those 20, each on its column with its reason; totals count the good rows", () => {
    const bad = twentyBad();
    const res = check(runCsv(1000, bad));
    expect(res.badCount).toBe(20);
    const flagged = res.rows.filter((r) => Object.keys(r.errors).length > 0);
    expect(flagged.map((r) => r.row)).toEqual([...bad.keys()]);
    for (const r of flagged) {
      const b = BAD[bad.get(r.row) ?? -1];
      expect(r.errors[b?.column as BatchColumn], `row ${r.row} (${b?.column})`).toMatch(b?.says ?? /^$/);
    }
    expect(res.totals.reduce((n, t) => n + t.count, 0)).toBe(980);
    const thb = res.totals.find((t) => t.currency === "THB");
    expect(thb?.totalMinor).toBe(String(BigInt(thb?.count ?? 0) * 1500_00n));
  });

  it("reads ; and tab separators, a BOM, and quoted fields with line breaks", () => {
    expect(check(`\uFEFF${runCsv(3, new Map(), ";")}`).badCount).toBe(0);
    expect(check(runCsv(3, new Map(), "\t")).badCount).toBe(0);
    const quoted = check('region,method,account,amount,purpose\r\nTH,KBANK,1234567890,1500,"Salary\nMarch"\r\n');
    expect(quoted.rows).toHaveLength(1);
    expect(quoted.rows[0]?.errors.purpose).toMatch(/control characters/);
  });

  it("reads a Brazilian spreadsheet's ; file with decimal commas; an ambiguous or point-region comma amount is a row message", () => {
    const csv = [
      "region;method;account;amount;purpose;taxNumber",
      "BR;CPF;529.982.247-25;6.000,00;Salário março;529.982.247-25",
      "BR;CPF;123.456.789-09;1.234,56;Aluguel, abril;123.456.789-09",
      '"BR";"EMAIL";"ana@exemplo.com.br";"350,75";"Reembolso";"529.982.247-25"',
      "BR;CPF;111.444.777-35;6.000;Bônus;111.444.777-35",
      "TH;KBANK;1234567890;1.500,00;Salary;",
    ].join("\r\n");
    const res = check(csv);
    expect(res.rows.map((r) => r.value?.amountMinor ?? null)).toEqual([600000n, 123456n, 35075n, null, null]);
    expect(res.rows[1]?.value?.purpose).toBe("Aluguel, abril");
    expect(res.rows[3]?.errors).toEqual({ amount: expect.stringMatching(/^“6.000” could mean 6000 or 6 BRL/) });
    expect(res.rows[4]?.errors).toEqual({ amount: expect.stringMatching(/^THB amounts take a point for decimals: write 1,500.00/) });
    expect(res.totals.find((t) => t.currency === "BRL")).toEqual({ currency: "BRL", count: 3, totalMinor: "758531" });
  });

  it("flags the same pay-out twice in the file (not an error) and refuses the same orderNo twice", () => {
    const row = "TH,KBANK,1234567890,1500,Salary";
    const res = check(`region,method,account,amount,purpose,orderNo\r\n${row},ORDER000001\r\n${row},ORDER000002\r\n${row},ORDER000001\r\n`);
    expect(res.rows[1]?.sameAs).toBe(1);
    expect(res.rows[1]?.errors).toEqual({});
    expect(res.rows[2]?.errors.orderNo).toMatch(/Same orderNo as row 1/);
  });

  it("flags one beneficiary in two spellings as the same pay-out: a wallet's letter case, two Pix keys of one tax number", () => {
    const res = check(
      "region,method,account,amount,purpose,taxNumber,network\r\n" +
        "USDT,USDT,0x52908400098527886e0f7030069857d2e4169ee7,120,Fee,,BEP20\r\n" +
        "USDT,USDT,0x52908400098527886E0F7030069857D2E4169EE7,120,Fee,,BEP20\r\n" +
        "BR,CPF,529.982.247-25,350,Salary,52998224725,\r\n" +
        "BR,EMAIL,maria@example.com,350,Salary,529.982.247-25,\r\n" +
        "BR,EMAIL,maria@example.com,350,Salary,11144477735,\r\n",
    );
    expect(res.badCount).toBe(0);
    expect(res.rows.map((r) => r.sameAs)).toEqual([undefined, 1, undefined, 3, undefined]);
  });

  it("refuses with one clear message: empty, header only, binary, a workbook (.xlsx, .xls), not UTF-8, unknown columns", () => {
    const msg = (b: Uint8Array) => {
      const f = parseBatchFile(b);
      return f.ok ? "ok" : f.message;
    };
    expect(msg(enc(""))).toMatch(/empty/);
    expect(msg(enc("  \r\n"))).toMatch(/empty/);
    expect(msg(enc("region,method,account,amount,purpose\r\n"))).toMatch(/header but no rows/);
    expect(msg(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]))).toMatch(/binary/);
    // No .xlsx reader (no new dependency): a workbook is named as such, with how to save it as CSV.
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...enc("[Content_Types].xml")]);
    expect(msg(xlsx)).toMatch(/^This is a spreadsheet workbook \(\.xlsx or \.ods\), not a CSV.*Save it as “CSV UTF-8”/);
    expect(msg(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toMatch(/Excel workbook \(\.xls\).*CSV UTF-8/);
    expect(msg(new Uint8Array([0x72, 0xff, 0xfe, 0x2c]))).toMatch(/UTF-8/);
    expect(msg(enc("name,iban\r\na,b\r\n"))).toMatch(/unknown column “name”/);
  });

  it("a row of 10,000 characters is refused as a row, before its cells are read", () => {
    const res = check(`region,method,account,amount,purpose\r\nTH,KBANK,1234567890,1500,${"x".repeat(10_000)}\r\n`);
    expect(res.rows[0]?.errors._row).toMatch(/10021 characters; a row has at most 2000/);
  });

  // The 2 s aim is a figure (printed here and by `npm run bench:bulk`), not an assertion: a loaded machine is not a bug.
  it("checks 10,000 good rows and finds none bad (time printed)", () => {
    const text = runCsv(10_000);
    const t0 = performance.now();
    const res = check(text);
    const ms = performance.now() - t0;
    console.log(`[check-file] 10,000 rows checked in ${Math.round(ms)} ms`);
    expect(res.rows).toHaveLength(10_000);
    expect(res.badCount).toBe(0);
  });
});
