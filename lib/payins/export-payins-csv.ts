import "server-only";
import { methodName } from "@/lib/words/methods";
import { statusWord } from "@/lib/words/statuses";
import { auditActor, type Ctx } from "@/lib/context";
import { csvField } from "@/lib/audit/export-audit-csv";
import { writeAudit } from "@/lib/audit/write-audit";
import { can } from "@/lib/auth/permissions";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { outcomesOf } from "@/lib/orders/final-events";
import { payinFilterWhere, payinPageRows, type ListPayinsFilter } from "./list-payins";
import { toPayinView } from "./payin-rows";
import type { PayinView } from "./payin-view";
import type { InstantIdKey } from "@/lib/validation/paging";

const PAGE = 500;
export const PAYIN_EXPORT_LIMIT = 200_000;

/** A row and why it ended so (the outcome's words; empty while open or after SUCCESS). */
type Line = PayinView & { reason: string };

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
  ["pay_amount_minor", (v) => v.payAmountMinor],
  ["method", (v) => v.method],
  ["payer_name", (v) => v.payerName],
  ["payer_bank", (v) => v.payerBank],
  ["payer_account", (v) => v.payerAccount],
  ["purpose", (v) => v.purpose],
  ["status", (v) => v.status],
  ["reason", (v) => v.reason],
  ["gateway_code", (v) => v.gatewayCode],
  ["gateway_message", (v) => v.gatewayMessage],
  ["created_by", (v) => v.createdBy?.name],
  ["expires_at", (v) => v.expiresAt],
  ["final_at", (v) => v.finalAt],
  // Words for people, last so scripts reading columns by position keep working (lib/words, docs/words.md).
  ["status_words", (v) => statusWord("payin", v.status)],
  ["method_name", (v) => methodName(v.region, v.method, "payin")],
];

/** The filtered pay-ins as a streamed CSV (keyset pages of 500), masked as on screen, formula cells neutralized; audited. */
export async function exportPayinsCsv({ ctx, input }: { ctx: Ctx; input: ListPayinsFilter }): Promise<Response> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const where = payinFilterWhere(input, scope);
  await writeAudit(ctx.db, auditActor(ctx), { action: "payins.exported", targetType: "payin", after: { filter: { ...input, cursor: undefined, limit: undefined } } });
  const encoder = new TextEncoder();
  let cursor: InstantIdKey | undefined;
  let sent = 0;
  let done = false;
  let first: Awaited<ReturnType<typeof payinPageRows>> | null = await payinPageRows(ctx, where, undefined, PAGE);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${COLUMNS.map(([h]) => h).join(",")}\r\n`));
    },
    async pull(controller) {
      if (done || sent >= PAYIN_EXPORT_LIMIT) return controller.close();
      const page = first ?? (await payinPageRows(ctx, where, cursor, PAGE));
      first = null;
      const why = await outcomesOf(
        ctx.db,
        "payin",
        page.rows.map(({ p }) => ({ id: p.id, type: "payin" as const, status: p.status, orderNo: p.orderNo, tradeNo: p.tradeNo, secrets: [p.payerAccountNo] })),
        can(ctx.user.role, "orders.unmasked"),
      );
      const text = page.rows
        .map((r): Line => ({ ...toPayinView(ctx, r), reason: why.get(r.p.id)?.summary ?? "" }))
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
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="payins-${stamp}.csv"`, "cache-control": "no-store" },
  });
}
