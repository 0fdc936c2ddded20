// Pay-out run files (CSV) with good rows of every region and chosen bad ones: the bulk bench and the run tests share them.
import { BATCH_COLUMNS } from "@/lib/payout-batches/columns";

/** A good row of each region, cycled so a run mixes them (the values the region files accept). */
const GOOD = [
  { region: "TH", method: "KBANK", account: "1234567890", amount: "1500", purpose: "Salary" },
  { region: "PH", method: "GCASH", account: "09171234567", amount: "250.50", purpose: "Supplier", receiverName: "Juan Dela Cruz" },
  { region: "BR", method: "CPF", account: "52998224725", amount: "35.75", purpose: "Salary", taxNumber: "52998224725" },
  { region: "USDT", method: "USDT", account: "0x52908400098527886E0F7030069857D2E4169EE7", amount: "12.5", purpose: "Fee", network: "BEP20" },
] as const;

/** Bad rows, each with the column that must be named and a word of its message. */
export const BAD: ReadonlyArray<{ cells: Record<string, string>; column: string; says: RegExp }> = [
  { cells: { region: "BR", method: "CPF", account: "52998224725", amount: "35", purpose: "x", taxNumber: "52998224724" }, column: "taxNumber", says: /CPF|check/i },
  { cells: { region: "USDT", method: "USDT", account: "0x52908400098527886e0F7030069857D2E4169EE7", amount: "12", purpose: "x", network: "BEP20" }, column: "account", says: /checksum|capital|address/i },
  { cells: { region: "TH", method: "KBANK", account: "12345678901234", amount: "1500", purpose: "x" }, column: "account", says: /digit|long|10/i },
  { cells: { region: "TH", method: "KBANK", account: "1234567890", amount: "3000000", purpose: "x" }, column: "amount", says: /Between/ },
  { cells: { region: "PH", method: "BDO", account: "1234567890", amount: "500", purpose: "x" }, column: "receiverName", says: /receiver/i },
  { cells: { region: "TH", method: "XBANK", account: "1234567890", amount: "500", purpose: "x" }, column: "method", says: /Thailand methods/ },
  { cells: { region: "TH", method: "KBANK", account: "1234567890", amount: "500.25", purpose: "x" }, column: "amount", says: /whole numbers/ },
  { cells: { region: "XX", method: "KBANK", account: "1234567890", amount: "500", purpose: "x" }, column: "region", says: /region/i },
  { cells: { region: "TH", method: "KBANK", account: "1234567890", amount: "abc", purpose: "x" }, column: "amount", says: /./ },
  { cells: { region: "TH", method: "KBANK", account: "1234567890", amount: "500", purpose: "" }, column: "purpose", says: /purpose/i },
  { cells: { region: "TH", method: "KBANK", account: "1234567890", amount: "500", purpose: "=HYPERLINK(\"http://x\")" }, column: "purpose", says: /formula/ },
  { cells: { region: "USDT", method: "USDT", account: "0x52908400098527886E0F7030069857D2E4169EE7", amount: "12", purpose: "x", network: "ERC20" }, column: "network", says: /TRC20 or BEP20/ },
  { cells: { region: "BR", method: "CPF", account: "52998224725", amount: "35", purpose: "x" }, column: "taxNumber", says: /tax number/i },
  { cells: { region: "PH", method: "GCASH", account: "09171234567", amount: "50", purpose: "x", receiverName: "Juan" }, column: "amount", says: /Between/ },
  { cells: { region: "TH", method: "KBANK", account: "1234567890", amount: "500", purpose: "x", orderNo: "ab" }, column: "orderNo", says: /6-32/ },
  { cells: { region: "BR", method: "EMAIL", account: "not-an-email", amount: "35", purpose: "x", taxNumber: "52998224725" }, column: "account", says: /./ },
  { cells: { region: "TH", method: "KBANK", account: "", amount: "500", purpose: "x" }, column: "account", says: /account/i },
  { cells: { region: "USDT", method: "USDT", account: "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8", amount: "12", purpose: "x", network: "BEP20" }, column: "account", says: /TRC20/ },
  { cells: { region: "TH", method: "KBANK", account: "1234567890", amount: "500", purpose: "@SUM(A1)" }, column: "purpose", says: /formula/ },
  { cells: { region: "BR", method: "CNPJ", account: "11222333000180", amount: "35", purpose: "x", taxNumber: "52998224725" }, column: "account", says: /./ },
];

const esc = (v: string) => (/[",;\n\r\t]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A CSV of `n` rows; rows listed in `bad` (1-based row number -> BAD index) replaced by that bad row. */
export function runCsv(n: number, bad: ReadonlyMap<number, number> = new Map(), sep = ","): string {
  const lines = [BATCH_COLUMNS.join(sep)];
  for (let i = 1; i <= n; i++) {
    const b = bad.get(i);
    const base: Record<string, string> = b !== undefined ? { ...(BAD[b]?.cells ?? {}) } : { ...GOOD[i % GOOD.length] };
    // Distinct accounts or amounts so only deliberate duplicates are flagged.
    if (b === undefined && base.region === "TH") base.account = String(1_000_000_000 + i);
    else if (b === undefined) {
      const a = base.amount ?? "0";
      base.amount = `${Math.floor(Number(a)) + i}${a.slice(a.indexOf("."))}`;
    }
    lines.push(BATCH_COLUMNS.map((c) => esc(base[c] ?? "")).join(sep));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** Rows 1..n with BAD[k] at row 37 + 50 k (20 bad rows spread over the file). */
export function twentyBad(): Map<number, number> {
  return new Map(BAD.map((_, k) => [37 + 50 * k, k]));
}
