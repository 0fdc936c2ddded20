import "server-only";
import type { Ctx } from "@/lib/context";
import { csvResponse, type CsvColumns } from "@/lib/http/csv";
import { getStatement } from "./get-statement";
import type { StatementInput } from "./schemas";

/** One row of the statement's CSV: a section, what it counts, and the money in minor units and in words. */
interface Row {
  section: string;
  item: string;
  count: number | "";
  minor: string;
  display: string;
  at: string;
}

const COLUMNS: CsvColumns<Row> = [
  ["section", (r) => r.section],
  ["item", (r) => r.item],
  ["count", (r) => r.count],
  ["amount_minor", (r) => r.minor],
  ["amount", (r) => r.display],
  ["as_of", (r) => r.at],
];

/** The statement as CSV (the one CSV writer), one line per figure, so a person can line it up against Smilepayz's. */
export async function exportStatement({ ctx, input }: { ctx: Ctx; input: StatementInput }): Promise<Response> {
  const s = await getStatement({ ctx, input });
  const balance = (section: string, b: typeof s.opening, at: string): Row =>
    b ? { section, item: "pay-out account balance", count: "", minor: b.balanceMinor, display: b.display, at: b.takenAt } : { section, item: "not recorded", count: "", minor: "", display: "", at };
  const rows: Row[] = [
    { section: "statement", item: `${s.credentialName} ${s.currency} ${s.day} (UTC day)`, count: "", minor: "", display: "", at: s.from },
    balance("opening", s.opening, s.from),
    ...s.lines.map((l) => ({ section: l.kind === "payout" ? "pay-outs created" : "pay-ins created", item: `${l.statusWords} (${l.status})`, count: l.count, minor: l.sumMinor, display: l.sumDisplay, at: "" })),
    ...s.totals.map((t) => ({ section: t.kind === "payout" ? "pay-outs created" : "pay-ins created", item: "total", count: t.count, minor: t.sumMinor, display: t.sumDisplay, at: "" })),
    { section: "settled this day", item: "pay-outs paid", count: "", minor: s.settled.payoutsPaidMinor, display: s.settled.payoutsPaidDisplay, at: "" },
    { section: "settled this day", item: "pay-ins received", count: "", minor: s.settled.payinsReceivedMinor, display: s.settled.payinsReceivedDisplay, at: "" },
    balance("closing", s.closing, s.to),
  ];
  return csvResponse(`statement-${s.credentialId}-${s.currency}-${s.day}.csv`, COLUMNS, [rows][Symbol.iterator]());
}
