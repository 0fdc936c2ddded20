import type { CreatePayout } from "@/lib/payouts/schemas";
import { beneficiaryKeyOf, REGIONS } from "@/lib/smilepayz/regions";
import type { RegionCode } from "@/lib/smilepayz/regions/types";

/**
 * The columns of a run's file: the pay-out API's fields (createPayoutSchema) by the same names, and `beneficiaryId`
 * (a saved, verified beneficiary instead of the payee's columns, as POST /api/payouts takes it). Pure module: the
 * browser's checking worker, the server and the template download read it.
 */
export const BATCH_COLUMNS = ["region", "method", "account", "amount", "purpose", "receiverName", "taxNumber", "network", "orderNo", "beneficiaryId"] as const;
export type BatchColumn = (typeof BATCH_COLUMNS)[number];
/** The payee's columns: a row gives these or a beneficiaryId, never both. */
export const PAYEE_COLUMNS = ["region", "method", "account", "receiverName", "taxNumber", "network"] as const satisfies readonly BatchColumn[];
export type BatchCells = Partial<Record<BatchColumn, string>>;

/** A run holds at most this many rows (the server checks and stores it in one transaction). */
export const MAX_BATCH_ROWS = 10_000;
/** A row longer than this is refused before its cells are read (a 10,000-character row is not a pay-out). */
export const MAX_ROW_CHARS = 2_000;

/** One example row per region (values the region files accept); the template is a header and this row. */
const EXAMPLES: Record<RegionCode, BatchCells> = {
  TH: { region: "TH", method: "KBANK", account: "1234567890", amount: "1500", purpose: "Salary March" },
  PH: { region: "PH", method: "GCASH", account: "09171234567", amount: "2500.50", purpose: "Supplier invoice 118", receiverName: "Juan Dela Cruz" },
  BR: { region: "BR", method: "CPF", account: "52998224725", amount: "350.75", purpose: "Salary March", taxNumber: "52998224725" },
  USDT: { region: "USDT", method: "USDT", account: "0x52908400098527886E0F7030069857D2E4169EE7", amount: "120.5", purpose: "Contractor fee", network: "BEP20" },
};

export function templateCsv(region: RegionCode): string {
  const ex = EXAMPLES[region];
  return `${BATCH_COLUMNS.join(",")}\r\n${BATCH_COLUMNS.map((c) => ex[c] ?? "").join(",")}\r\n`;
}

export const TEMPLATE_REGIONS = REGIONS.map((r) => r.code);

/** What an upload of a run may be declared as (browsers label .csv differently; the content is checked anyway). */
export const BATCH_FILE_TYPES = ["text/csv", "text/plain", "text/tab-separated-values", "application/vnd.ms-excel", "application/octet-stream"] as const;

/**
 * What "the same pay-out" means for duplicate flags: currency, beneficiary key (the region's: one person whatever
 * the spelling or Pix key) and amount in minor units.
 */
export function duplicateKey(currency: string, beneficiaryKey: string, amountMinor: bigint | string): string {
  return `${currency}|${beneficiaryKey}|${amountMinor.toString()}`;
}

/** The duplicate key of a checked row (the schema's canonical output). */
export function payoutDuplicateKey(v: Pick<CreatePayout, "region" | "currency" | "method" | "account" | "taxNumber" | "network" | "amountMinor">): string {
  return duplicateKey(v.currency, beneficiaryKeyOf(v.region, v), v.amountMinor);
}
