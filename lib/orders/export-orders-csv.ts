import "server-only";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { csvResponse, type CsvColumns } from "@/lib/http/csv";
import { getRegion } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import { methodName } from "@/lib/words/methods";
import { statusWord } from "@/lib/words/statuses";
import { orderCursor, type OrderCursorKey, type OrderSearch } from "./schemas";
import { searchPage, type OrderRow } from "./search-orders";
import { digitSuffix, maskedDigits, suffixRule } from "./suffix-search";
import { MASK_TAIL } from "./mask";

const PAGE = 200;
/** A bounded export: more than this needs a narrower search. */
export const ORDER_EXPORT_LIMIT = 50_000;

const COLUMNS: CsvColumns<OrderRow> = [
  ["type", (r) => r.type],
  ["created_at", (r) => r.createdAt.toISOString()],
  ["merchant", (r) => r.merchantName],
  ["region", (r) => r.region],
  ["order_no", (r) => r.orderNo],
  ["trade_no", (r) => r.tradeNo],
  ["status", (r) => r.status],
  ["currency", (r) => r.currency],
  ["amount_minor", (r) => r.amountMinor],
  ["amount", (r) => formatMoney(BigInt(r.amountMinor), getRegion(r.region))],
  ["method", (r) => r.method],
  ["account", (r) => r.account],
  ["name", (r) => r.name],
  ["tax_number", (r) => r.taxNumber],
  // Words for people, last so scripts reading columns by position keep working (lib/words, docs/words.md).
  ["status_words", (r) => statusWord(r.type, r.status)],
  ["method_name", (r) => methodName(r.region, r.method, r.type)],
];

/**
 * The search's results as a streamed CSV: the same scope and masking as the screen (searchPage does both), cells
 * a spreadsheet would run as a formula prefixed with '. The export is audited (a long digit string masked, as the
 * suffix rule's own audit row keeps it); the suffix rule is decided once, not per page.
 */
export async function exportOrdersCsv({ ctx, input }: { ctx: Ctx; input: OrderSearch }): Promise<Response> {
  const filter = { ...input, cursor: undefined, limit: undefined };
  const digits = digitSuffix(filter.q);
  const shown = digits && digits.length > MASK_TAIL ? { ...filter, q: maskedDigits(digits) } : filter;
  await writeAudit(ctx.db, auditActor(ctx), { action: "orders.exported", targetType: "order", after: { filter: shown } });
  const { digits: suffix } = await suffixRule(ctx, filter.q);
  async function* pages() {
    let cursor: OrderCursorKey | undefined;
    for (let sent = 0; sent < ORDER_EXPORT_LIMIT; ) {
      const page = await searchPage(ctx, { ...filter, limit: PAGE, cursor }, suffix);
      yield page.items;
      sent += page.items.length;
      if (page.nextCursor === null) return;
      // The search's own cursor, read back through the one parser.
      cursor = orderCursor.parse(page.nextCursor);
    }
  }
  return csvResponse(`orders-${new Date().toISOString().slice(0, 10)}.csv`, COLUMNS, pages());
}
