import type { PayoutView } from "@/lib/orders/order-view";
import { regionByCurrency } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import { methodName } from "@/lib/words/methods";

/**
 * Words shown about a pay-out, shared by the review step, the detail page and the approvals queue, so the
 * approver's question names exactly what the creator reviewed.
 */

/** "Kasikornbank 1234567890", "GCash 09171234567 (Juan Dela Cruz)", "USDT wallet (TRC20) T…": the method by name when the region is known. */
export function beneficiaryLine(p: Pick<PayoutView, "method" | "account" | "receiverName" | "network"> & { region?: string }): string {
  const name = p.region ? methodName(p.region, p.method) : p.method;
  const method = p.network ? `${name} (${p.network})` : name;
  return `${method} ${p.account}${p.receiverName ? ` (${p.receiverName})` : ""}`;
}

type Question = Pick<PayoutView, "region" | "amountDisplay" | "method" | "account" | "receiverName" | "network" | "environment" | "purpose" | "merchantName">;

/** The approval question: what leaves, to whom, what for, from which credential, and that it is real money. */
export function approveQuestion(p: Question): string {
  const where = p.environment === "production" ? `the PRODUCTION account of ${p.merchantName}` : `the account of ${p.merchantName}`;
  return `Approve sending ${p.amountDisplay} to ${beneficiaryLine(p)} for "${p.purpose}"? The money leaves ${where}.`;
}

/** The cancel question: what will not happen, and what it takes to pay this beneficiary after all. */
export function cancelQuestion(p: Question): string {
  return `Cancel the pay-out of ${p.amountDisplay} to ${beneficiaryLine(p)} for "${p.purpose}"? It will never be sent or approved; paying this beneficiary then takes a new pay-out.`;
}

export function approveManyQuestion(items: readonly Pick<PayoutView, "amountDisplay" | "currency" | "amountMinor">[]): string {
  const byCurrency = new Map<string, bigint>();
  for (const i of items) byCurrency.set(i.currency, (byCurrency.get(i.currency) ?? 0n) + BigInt(i.amountMinor));
  const totals = [...byCurrency].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => {
    const region = regionByCurrency(currency);
    return region ? formatMoney(minor, region) : `${minor} ${currency} (minor units)`;
  });
  const n = items.length;
  return `Approve ${n} pay-out${n === 1 ? "" : "s"} totalling ${totals.join(" and ")}? The money leaves the merchant's accounts.`;
}

/** A stored payload (request body, answer, callback) pretty-printed when it is JSON, else as it came. */
export function prettyPayload(raw: string | null): string {
  if (raw === null) return "";
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}
