import { REGIONS } from "@/lib/smilepayz/regions";
import { formatDateTime } from "./date-time";
import { methodOptions } from "./methods";
import { formatMoney, formatWireAmount } from "./money";
import { PAYIN_STATUS_WORDS, PAYOUT_STATUS_WORDS, type StatusWord } from "./statuses";
import { SOURCE_WORDS } from "./timeline";

/** docs/words.md, made from the one labels module: tests/words/words-doc.test.ts fails when the file drifts. Pure. */
const cell = (s: string) => s.replace(/\|/g, "\\|");

function statusTable(words: Record<string, StatusWord>): string[] {
  return ["| code (API, CSV `status`) | word (pages, filters, CSV `status_words`) | what it means |", "|---|---|---|",
    ...Object.entries(words).map(([code, w]) => `| \`${code}\` | ${cell(w.word)} | ${cell(w.means)} |`)];
}

export function wordsDoc(): string {
  const major = (r: (typeof REGIONS)[number]) => 10n ** BigInt(r.amount.minorDigits);
  const lines: string[] = [
    "# Words the app uses",
    "",
    "<!-- Generated from lib/words/ by lib/words/words-doc.ts. Do not edit by hand: run",
    "     UPDATE_WORDS_DOC=1 npx vitest run tests/words/words-doc.test.ts -->",
    "",
    "Every page, list, filter, badge, timeline and CSV export's display column takes its words from one module,",
    "`lib/words/` (statuses, method names, money, date-time, timeline sentences), so the API, the pages and the",
    "exports agree. The API and the CSV keep the wire's codes (`status`, `method`); the words sit beside them",
    "(`status_words`, `method_name`, `amount`), and pages show the code in a tooltip.",
    "",
    "## Pay-out statuses",
    "",
    ...statusTable(PAYOUT_STATUS_WORDS),
    "",
    "## Pay-in statuses",
    "",
    ...statusTable(PAYIN_STATUS_WORDS),
    "",
    "## Money",
    "",
    "One style per region, declared in the region's file (`money.format`), for every page, list, export column and",
    "message; placeholders and hints as a person types the amount (THB pay-outs are whole baht on the wire); the wire",
    "amount always with its unit.",
    "",
    "| region | currency | shown as | typed as (hints) | on the wire |",
    "|---|---|---|---|---|",
    ...REGIONS.map((r) => `| ${r.name} | ${r.currency} | ${formatMoney(major(r) * 1500n + major(r) / 2n, r)} | ${formatMoney(major(r) * 1500n, r, { entry: true })} | ${formatWireAmount(major(r) * 1500n, r)} |`),
    "",
    "## Dates and times",
    "",
    `One format, in the viewer's own time zone with its name: "${formatDateTime("2026-12-06T07:05:07Z", { timeZone: "Asia/Bangkok" })}"`,
    "(Bangkok), the exact UTC moment in the tooltip; a gateway moment also shows the region's clock. List filters",
    "(`from`, `to` of pay-outs, pay-ins and orders, and their exports) are the viewer's days: the browser sends its",
    "zone as `tz` (an IANA name, e.g. `tz=Asia/Bangkok`); without `tz` the API keeps UTC days.",
    "",
    "## Timeline",
    "",
    "Each status change is one sentence (\"Smilepayz confirmed the payment.\") with its badge; the technical record",
    "(signed request, raw callback, inquiry answer) is collapsed under it; a callback that made a change is shown",
    "under that change, not again on its own; audit rows that repeat a change are left out. Who a record is from:",
    "",
    "| source | said as |",
    "|---|---|",
    ...Object.entries(SOURCE_WORDS).map(([code, w]) => `| \`${code}\` | ${cell(w)} |`),
    "",
    "## Payment methods",
    "",
  ];
  for (const r of REGIONS) {
    lines.push(`### ${r.name} (${r.currency})`, "", "| code | name | for |", "|---|---|---|");
    for (const m of methodOptions(r, "payout")) lines.push(`| \`${m.code}\` | ${cell(m.name)} | pay-outs |`);
    for (const m of methodOptions(r, "payin")) lines.push(`| \`${m.code}\` | ${cell(m.name)} | pay-ins |`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
