import "server-only";
import { sql } from "drizzle-orm";
import { merchants, payins, payouts } from "@/db/schema";

/** The two tables support's search reads, and the kind of order each holds (shared by the search's files). */
export type SearchTable = typeof payouts | typeof payins;
export type SearchKind = "payout" | "payin";

/** The columns each table's search reads (never raw payloads), named alike for both. */
export function searchColumns(t: SearchTable, kind: SearchKind) {
  const out = t === payouts ? payouts : null;
  const pin = t === payins ? payins : null;
  return {
    id: t.id,
    at: sql<string>`to_char(${t.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("at"),
    createdAt: t.createdAt,
    region: t.region,
    orderNo: t.orderNo,
    tradeNo: t.tradeNo,
    status: sql<string>`${t.status}::text`.as("status"),
    amountMinor: t.amountMinor,
    currency: t.currency,
    method: t.paymentMethod,
    account: out ? out.cashAccount : (pin as typeof payins).payerAccountNo,
    name: out ? out.receiverName : (pin as typeof payins).payerName,
    taxNumber: out ? out.taxNumber : sql<string | null>`null`.as("tax_number"),
    merchantName: merchants.name,
    environment: merchants.environment,
    customBaseUrl: merchants.customBaseUrl,
    kind: sql<SearchKind>`${kind}`.as("kind"),
  };
}
