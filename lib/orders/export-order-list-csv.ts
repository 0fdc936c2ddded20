import "server-only";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { can } from "@/lib/auth/permissions";
import { csvResponse } from "@/lib/http/csv";
import { merchantScope } from "@/lib/auth/merchant-scope";
import type { InstantIdKey } from "@/lib/validation/paging";
import { outcomesOf } from "./final-events";
import { kindOf } from "./kinds";
import { filterWhere, orderPageRows, type OrderListFilter } from "./list-orders";
import type { OrderType } from "@/lib/order-status/transitions";

const PAGE = 500;
/** A bounded export: more than this needs a narrower filter. */
export const LIST_EXPORT_LIMIT = 200_000;

/**
 * A kind's filtered list as a streamed CSV (keyset pages of 500, read only as the client reads), with why each
 * ended so. Cells a spreadsheet would run as a formula are prefixed with '. Masked as on screen. Audited.
 */
export async function exportOrderListCsv<K extends OrderType>({ ctx, kind: type, input }: { ctx: Ctx; kind: K; input: OrderListFilter }): Promise<Response> {
  const kind = kindOf(type);
  const scope = await merchantScope(ctx.db, ctx.user);
  const where = filterWhere(kind, input, scope);
  const filter = { ...input, cursor: undefined, limit: undefined };
  await writeAudit(ctx.db, auditActor(ctx), { action: `${kind.plural}.exported`, targetType: type, after: { filter } });
  const unmasked = can(ctx.user.role, "orders.unmasked");
  async function* lines() {
    let cursor: InstantIdKey | undefined;
    for (let sent = 0; sent < LIST_EXPORT_LIMIT; ) {
      const page = await orderPageRows(ctx, kind, where, cursor, PAGE);
      const pairs = page.rows.map((r) => ({ v: kind.toView(ctx, r), secrets: kind.secrets(r) }));
      // The export's words name no rejecter (the detail page does): only the reason.
      const orders = pairs.map(({ v, secrets }) => ({ id: v.id, type, status: v.status, orderNo: v.orderNo, tradeNo: v.tradeNo, rejectReason: kind.rejected(v).rejectReason, secrets }));
      const why = await outcomesOf(ctx.db, type, orders, unmasked);
      yield pairs.map(({ v }) => ({ ...v, reason: why.get(v.id)?.summary ?? "" }));
      sent += page.rows.length;
      if (!page.next) return;
      cursor = page.next;
    }
  }
  return csvResponse(`${kind.plural}-${new Date().toISOString().slice(0, 10)}.csv`, kind.csv, lines());
}
