import type { PayoutBalanceView } from "@/lib/payouts/balance-view";
import type { PayoutDetailView } from "@/lib/orders/get-order";
import type { PayoutPage, PayoutView } from "@/lib/orders/order-view";

/**
 * Typed stand-ins for the pay-out API's answers, for the UI tests that run without the API (screenshots, the
 * form's request). Typed against lib/payouts/payout-view.ts, so a change of the view breaks them at compile time.
 */
export function payoutView(over: Partial<PayoutView> = {}): PayoutView {
  return {
    id: 101,
    credentialId: 1,
    merchantName: "Demo merchant",
    environment: "sandbox",
    bundledSandbox: false,
    region: "TH",
    currency: "THB",
    orderNo: "TH20260501000101",
    tradeNo: "T2026050112345678",
    amountMinor: "7500000",
    amountDisplay: "75,000.00 THB",
    wireAmount: "75000",
    method: "KBANK",
    account: "1234567890",
    receiverName: null,
    taxNumber: null,
    network: null,
    purpose: "Supplier invoice 4411",
    status: "PENDING_APPROVAL",
    gatewayStatus: null,
    gatewayCode: null,
    gatewayMessage: null,
    approvalRequired: true,
    contentHash: "a".repeat(64),
    runId: null,
    beneficiaryId: null,
    createdBy: { id: 3, name: "Fah Finance" },
    approvedBy: null,
    rejectedBy: null,
    rejectReason: null,
    flagReason: null,
    createdAt: "2026-05-01T07:00:00.000Z",
    approvedAt: null,
    sentAt: null,
    finalAt: null,
    canApprove: true,
    canCancel: false,
    ...over,
  };
}

const REGION_ROWS: Partial<PayoutView>[] = [
  { region: "TH", currency: "THB", amountDisplay: "1,500.00 THB", amountMinor: "150000", wireAmount: "1500", status: "SUCCESS" },
  { region: "PH", currency: "PHP", amountDisplay: "2,000.50 PHP", amountMinor: "200050", wireAmount: "200050", method: "GCASH", account: "09171234567", receiverName: "Juan Dela Cruz", status: "PROCESSING" },
  { region: "BR", currency: "BRL", amountDisplay: "100.00 BRL", amountMinor: "10000", wireAmount: "10000", method: "CPF", account: "12345678909", taxNumber: "12345678909", status: "FAILED" },
  { region: "USDT", currency: "USDT", amountDisplay: "1,500.00 USDT", amountMinor: "15000000", wireAmount: "1500", method: "USDT", network: "TRC20", account: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", status: "PENDING_APPROVAL" },
  { region: "TH", currency: "THB", amountDisplay: "75,000.00 THB", amountMinor: "7500000", wireAmount: "75000", status: "UNKNOWN" },
];

/** Two keyset pages: `first` ends with a cursor, `second` with none. */
export function payoutPages(): { first: PayoutPage; second: PayoutPage } {
  const rows = Array.from({ length: 8 }, (_, i) => {
    const base = REGION_ROWS[i % REGION_ROWS.length] ?? {};
    const id = 200 - i;
    return payoutView({ ...base, id, orderNo: `${base.region === "USDT" ? "US" : base.region}2026050100${id}`, createdAt: new Date(Date.UTC(2026, 4, 1, 9, 59 - i)).toISOString() });
  });
  return { first: { items: rows.slice(0, 5), nextCursor: "cursor-1" }, second: { items: rows.slice(5), nextCursor: null } };
}

type StoryItem = PayoutDetailView["items"][number];
type EventItem = Extract<StoryItem, { kind: "event" }>;

/** A status event on the stand-in timeline (no callback folded under it unless given). */
export function storyEvent(key: string, at: string, from: string | null, to: string, source: string, over: Partial<EventItem> = {}): EventItem {
  return { kind: "event", key, at, source, from, to, actor: null, gatewayCode: null, gatewayMessage: null, note: null, rawPayload: null, callback: null, ...over };
}

export function payoutDetail(p: PayoutView): PayoutDetailView {
  const request = JSON.stringify({
    orderNo: p.orderNo,
    purpose: p.purpose,
    money: { currency: p.currency, amount: Number(p.wireAmount) },
    merchant: { merchantId: "sandbox-20011", merchantName: "Demo merchant", accountNo: "PAYOUT-THB-0001" },
    paymentMethod: p.method,
    cashAccount: p.account,
    callbackUrl: "http://127.0.0.1:3000/api/callbacks/smilepayz",
  });
  const callback = JSON.stringify({ tradeNo: p.tradeNo, orderNo: p.orderNo, status: "SUCCESS", money: { currency: p.currency, amount: Number(p.wireAmount) } });
  return {
    payout: p,
    outcome: null,
    local: { zone: "Asia/Bangkok", city: "Bangkok" },
    order: {
      type: "payout", id: p.id, merchantName: p.merchantName, region: p.region, orderNo: p.orderNo, tradeNo: p.tradeNo, status: p.status, amount: p.amountDisplay,
      method: p.method, name: p.receiverName, account: p.account, taxNumber: p.taxNumber, masked: false, gatewayCode: p.gatewayCode, gatewayMessage: p.gatewayMessage,
      batchId: p.runId, createdBy: p.createdBy?.name ?? null, createdAt: p.createdAt, finalAt: p.finalAt,
    },
    items: [
      storyEvent("e1", p.createdAt, null, "PENDING_APPROVAL", "person", { actor: "Fah Finance", note: "At or above the THB 50,000.00 threshold" }),
      storyEvent("e2", "2026-05-01T07:05:00.000Z", "PENDING_APPROVAL", "APPROVED", "person", { actor: "Arun Approver" }),
      storyEvent("e3", "2026-05-01T07:05:01.000Z", "APPROVED", "SENDING", "request", { actor: "dispatcher", rawPayload: request }),
      storyEvent("e4", "2026-05-01T07:05:01.400Z", "SENDING", "PROCESSING", "response", { gatewayCode: "00", gatewayMessage: "Successful", rawPayload: JSON.stringify({ code: "00", message: "Successful", tradeNo: p.tradeNo, orderNo: p.orderNo }) }),
      { kind: "callback", key: "c9", at: "2026-05-01T07:05:07.000Z", outcome: "applied", signatureValid: true, error: null, rawBody: callback },
    ],
  };
}

export function balanceView(region: PayoutBalanceView["region"], availableMinor: string, availableDisplay: string): PayoutBalanceView {
  return { credentialId: 1, region, currency: availableDisplay.split(" ")[1] ?? "", accountNo: `PAYOUT-${region}-0001`, balanceMinor: availableMinor, availableMinor, balanceDisplay: availableDisplay, availableDisplay, checkedAt: "2026-05-01T07:00:00.000Z" };
}

/** A Thai pay-out that the gateway accepted ("00 Successful") and then failed by callback, sent at 07:05:01 UTC. */
export function failedDetail(over: Partial<PayoutView> = {}): PayoutDetailView {
  const p = payoutView({
    status: "FAILED", amountMinor: "150000", amountDisplay: "1,500.00 THB", wireAmount: "1500", approvalRequired: false, canApprove: false,
    gatewayStatus: "FAILED", gatewayCode: "00", gatewayMessage: "Successful",
    sentAt: "2026-05-01T07:05:01.000Z", finalAt: "2026-05-01T07:05:07.000Z", ...over,
  });
  const base = payoutDetail(p);
  const callback = JSON.stringify({ tradeNo: p.tradeNo, orderNo: p.orderNo, status: "FAILED", money: { currency: "THB", amount: 1500 } });
  return {
    ...base,
    items: [
      ...base.items.filter((it) => it.kind === "event"),
      storyEvent("e5", "2026-05-01T07:05:07.000Z", "PROCESSING", "FAILED", "callback", {
        actor: "callback", note: "callback FAILED", callback: { outcome: "applied", signatureValid: true, error: null, rawBody: callback },
      }),
    ],
    outcome: {
      status: "FAILED", source: "callback", at: "2026-05-01T07:05:07.000Z", rawFrom: "callback", raw: ['status "FAILED"'],
      reason: null,
      summary: `Smilepayz said in its callback that the payment failed and gave no reason. No money went to the beneficiary. Ask Smilepayz support for the reason, quoting tradeNo ${p.tradeNo ?? ""}.`,
    },
  };
}

/** What GET /api/merchants/options answers: one credential, the bundled sandbox's. */
export const ONE_CREDENTIAL = [{ id: 1, name: "Demo merchant", merchantId: "sandbox-20011", environment: "custom", bundledSandbox: true }];
