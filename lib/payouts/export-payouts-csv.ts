import "server-only";
import { auditActor, type Ctx } from "@/lib/context";
import { csvField } from "@/lib/audit/export-audit-csv";
import { writeAudit } from "@/lib/audit/write-audit";
import { can } from "@/lib/auth/permissions";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { outcomesOf } from "@/lib/orders/final-events";
import { filterWhere, payoutPageRows, type ListPayoutsFilter } from "./list-payouts";
import { toPayoutView } from "./payout-rows";
import type { PayoutView } from "./payout-view";
import type { InstantIdKey } from "@/lib/validation/paging";
import { methodName } from "@/lib/words/methods";
import { statusWord } from "@/lib/words/statuses";

const PAGE = 500;
/** A bounded export: more than this needs a narrower filter. */
export const PAYOUT_EXPORT_LIMIT = 200_000;

/** A row and why it ended so (the outcome's words; empty while open or after SUCCESS). */
type Line = PayoutView & { reason: string };

const COLUMNS: ReadonlyArray<[string, (v: Line) => unknown]> = [
  ["id", (v) => v.id],
  ["created_at", (v) => v.createdAt],
  ["credential", (v) => v.merchantName],
  ["region", (v) => v.region],
  ["order_no", (v) => v.orderNo],
  ["trade_no", (v) => v.tradeNo],
  ["currency", (v) => v.currency],
  ["amount_minor", (v) => v.amountMinor],
  ["amount", (v) => v.amountDisplay],
  ["method", (v) => v.method],
  ["account", (v) => v.account],
  ["receiver_name", (v) => v.receiverName],
  ["tax_number", (v) => v.taxNumber],
  ["network", (v) => v.network],
  ["purpose", (v) => v.purpose],
  ["status", (v) => v.status],
  ["reason", (v) => v.reason],
  ["gateway_code", (v) => v.gatewayCode],
  ["gateway_message", (v) => v.gatewayMessage],
  ["created_by", (v) => v.createdBy?.name],
  ["approved_by", (v) => v.approvedBy?.name],
  ["sent_at", (v) => v.sentAt],
  ["final_at", (v) => v.finalAt],
  // Words for people, last so scripts reading columns by position keep working (lib/words, docs/words.md).
  ["status_words", (v) => statusWord("payout", v.status)],
  ["method_name", (v) => methodName(v.region, v.method, "payout")],
];

/**
 * The filtered pay-outs as a streamed CSV (pages of 500 by keyset, read only as the client reads). Cells that a
 * spreadsheet would run as a formula are prefixed with '. Masked as on screen. The export is audited.
 */
export async function exportPayoutsCsv({ ctx, input }: { ctx: Ctx; input: ListPayoutsFilter }): Promise<Response> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const where = filterWhere(input, scope);
  const filter = { ...input, cursor: undefined, limit: undefined };
  await writeAudit(ctx.db, auditActor(ctx), { action: "payouts.exported", targetType: "payout", after: { filter } });
  const encoder = new TextEncoder();
  let cursor: InstantIdKey | undefined;
  let sent = 0;
  let done = false;
  // The first page is read before the 200 is sent: a query that fails does so as an error answer, not a cut stream.
  let first: Awaited<ReturnType<typeof payoutPageRows>> | null = await payoutPageRows(ctx, where, undefined, PAGE);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${COLUMNS.map(([h]) => h).join(",")}\r\n`));
    },
    async pull(controller) {
      if (done || sent >= PAYOUT_EXPORT_LIMIT) {
        controller.close();
        return;
      }
      const page = first ?? (await payoutPageRows(ctx, where, cursor, PAGE));
      first = null;
      const why = await outcomesOf(
        ctx.db,
        "payout",
        page.rows.map(({ p }) => ({ id: p.id, type: "payout" as const, status: p.status, orderNo: p.orderNo, tradeNo: p.tradeNo, rejectReason: p.rejectReason, secrets: [p.cashAccount, p.taxNumber] })),
        can(ctx.user.role, "orders.unmasked"),
      );
      const text = page.rows
        .map((r): Line => ({ ...toPayoutView(ctx, r), reason: why.get(r.p.id)?.summary ?? "" }))
        .map((v) => `${COLUMNS.map(([, get]) => csvField(get(v))).join(",")}\r\n`)
        .join("");
      sent += page.rows.length;
      cursor = page.next ?? undefined;
      done = page.next === null;
      if (text) controller.enqueue(encoder.encode(text));
      if (done) controller.close();
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="payouts-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
