import "server-only";
import type { AnyColumn, SQL } from "drizzle-orm";
import { callbacks, orderEvents, orderNotes, payins, payouts } from "@/db/schema";
import type { DbOrTx } from "@/db";
import type { Ctx } from "@/lib/context";
import type { CsvColumns } from "@/lib/http/csv";
import { methodName } from "@/lib/words/methods";
import { statusWord } from "@/lib/words/statuses";
import { payinRowsQuery, payoutRowsQuery, toPayinView, toPayoutView, type PayinRow, type PayoutRow } from "./order-rows";
import type { OrderViews, PayinView, PayoutView } from "./order-view";
import { PAYIN_TRANSITIONS, PAYOUT_STATUSES, type OrderType } from "@/lib/order-status/transitions";

/** A row of a kind's export: the view and why it ended so (the outcome's words; empty while open or after SUCCESS). */
export type ExportLine<V> = V & { reason: string };

/** Everything the read side needs to know about one kind of order, so one get, list, export and story serve both. */
export interface OrderKind<K extends OrderType, Row extends { p: { id: number }; createdAtKey: string }> {
  type: K;
  table: typeof payouts | typeof payins;
  /** The column of order_events, callbacks and order_notes that points at this kind. */
  eventRef: AnyColumn;
  callbackRef: AnyColumn;
  noteRef: AnyColumn;
  /** Its words: "No such pay-out.", the export's file name and audit action. */
  noun: string;
  plural: "payouts" | "payins";
  statuses: readonly string[];
  /** The gateway's tradeType for this kind (1 = pay-in, 2 = pay-out). */
  tradeType: 1 | 2;
  /** Its rows with what the view needs (names of the credential and people), filtered, ordered, limited. */
  find(db: DbOrTx, where: SQL | undefined, order: SQL[], limit: number): Promise<Row[]>;
  toView(ctx: Ctx, r: Row): OrderViews[K];
  /** The values masked in payloads, notes and outcome words for roles without `orders.unmasked`. */
  secrets(r: Row): (string | null)[];
  /** Who is on the other side and the kind's own links, named alike for both kinds (support's order page). */
  party(r: Row): { account: string | null; name: string | null; taxNumber: string | null; batchId: number | null; rejectReason: string | null };
  /** The reject reason and who rejected (pay-outs only), for the outcome. */
  rejected(v: OrderViews[K]): { rejectReason?: string | null; rejectedBy?: string | null };
  csv: CsvColumns<ExportLine<OrderViews[K]>>;
}

/** Words for people, last so scripts reading columns by position keep working (lib/words, docs/words.md). */
const words = <V extends PayoutView | PayinView>(type: OrderType): CsvColumns<ExportLine<V>> => [
  ["status_words", (v) => statusWord(type, v.status)],
  ["method_name", (v) => methodName(v.region, v.method, type)],
];

const head = <V extends PayoutView | PayinView>(): CsvColumns<ExportLine<V>> => [
  ["id", (v) => v.id],
  ["created_at", (v) => v.createdAt],
  ["credential", (v) => v.merchantName],
  ["region", (v) => v.region],
  ["order_no", (v) => v.orderNo],
  ["trade_no", (v) => v.tradeNo],
  ["currency", (v) => v.currency],
  ["amount_minor", (v) => v.amountMinor],
  ["amount", (v) => v.amountDisplay],
];

const gateway = <V extends PayoutView | PayinView>(): CsvColumns<ExportLine<V>> => [
  ["status", (v) => v.status],
  ["reason", (v) => v.reason],
  ["gateway_code", (v) => v.gatewayCode],
  ["gateway_message", (v) => v.gatewayMessage],
  ["created_by", (v) => v.createdBy?.name],
];

const payout: OrderKind<"payout", PayoutRow> = {
  type: "payout", table: payouts, eventRef: orderEvents.payoutId, callbackRef: callbacks.payoutId, noteRef: orderNotes.payoutId,
  noun: "pay-out", plural: "payouts", statuses: PAYOUT_STATUSES, tradeType: 2,
  find: (db, where, order, limit) => payoutRowsQuery(db).where(where).orderBy(...order).limit(limit), toView: toPayoutView,
  secrets: (r) => [r.p.cashAccount, r.p.taxNumber],
  party: ({ p }) => ({ account: p.cashAccount, name: p.receiverName, taxNumber: p.taxNumber, batchId: p.batchId, rejectReason: p.rejectReason }),
  rejected: (v) => ({ rejectReason: v.rejectReason, rejectedBy: v.rejectedBy?.name ?? null }),
  csv: [
    ...head<PayoutView>(),
    ["method", (v) => v.method], ["account", (v) => v.account], ["receiver_name", (v) => v.receiverName],
    ["tax_number", (v) => v.taxNumber], ["network", (v) => v.network], ["purpose", (v) => v.purpose],
    ...gateway<PayoutView>(),
    ["approved_by", (v) => v.approvedBy?.name], ["sent_at", (v) => v.sentAt], ["final_at", (v) => v.finalAt],
    ...words<PayoutView>("payout"),
  ],
};

const payin: OrderKind<"payin", PayinRow> = {
  type: "payin", table: payins, eventRef: orderEvents.payinId, callbackRef: callbacks.payinId, noteRef: orderNotes.payinId,
  noun: "pay-in", plural: "payins", statuses: Object.keys(PAYIN_TRANSITIONS), tradeType: 1,
  find: (db, where, order, limit) => payinRowsQuery(db).where(where).orderBy(...order).limit(limit), toView: toPayinView,
  secrets: (r) => [r.p.payerAccountNo],
  party: ({ p }) => ({ account: p.payerAccountNo, name: p.payerName, taxNumber: null, batchId: null, rejectReason: null }),
  rejected: () => ({}),
  csv: [
    ...head<PayinView>(),
    ["pay_amount_minor", (v) => v.payAmountMinor], ["method", (v) => v.method], ["payer_name", (v) => v.payerName],
    ["payer_bank", (v) => v.payerBank], ["payer_account", (v) => v.payerAccount], ["purpose", (v) => v.purpose],
    ...gateway<PayinView>(),
    ["expires_at", (v) => v.expiresAt], ["final_at", (v) => v.finalAt],
    ...words<PayinView>("payin"),
  ],
};

export interface KindRows {
  payout: PayoutRow;
  payin: PayinRow;
}
export type AnyKind<K extends OrderType = OrderType> = OrderKind<K, KindRows[K]>;

const KINDS: { [K in OrderType]: AnyKind<K> } = { payout, payin };

/** The kind's description; generic callers get it typed by their kind. */
export function kindOf<K extends OrderType>(type: K): AnyKind<K> {
  return KINDS[type] as AnyKind<K>;
}
