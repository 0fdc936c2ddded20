import { QueryClient, type InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { applyEventToCaches } from "@/components/live/apply-event";
import type { LiveEvent } from "@/lib/events/read-events";
import type { PayoutDetailView } from "@/lib/orders/get-order";
import type { PayoutPage } from "@/lib/orders/order-view";
import { payoutDetail, payoutView } from "../e2e/helpers/payout-fixtures";

const event = (over: Partial<LiveEvent>): LiveEvent => ({
  id: 9,
  type: "payout",
  orderId: 101,
  merchantId: 1,
  orderNo: "TH1",
  region: "TH",
  amountDisplay: "1.00 THB",
  from: "PENDING_APPROVAL",
  to: "APPROVED",
  source: "person",
  at: new Date().toISOString(),
  ...over,
});

describe("a live event in the browser's caches", () => {
  it("changes the pay-out's status in every loaded list page and in its detail, in place", () => {
    const qc = new QueryClient();
    const list: InfiniteData<PayoutPage> = { pageParams: [null], pages: [{ items: [payoutView({ id: 101 }), payoutView({ id: 102 })], nextCursor: null }] };
    qc.setQueryData(["payouts", "approvals"], list);
    qc.setQueryData(["payouts", "region=TH"], list);
    qc.setQueryData<PayoutDetailView>(["payout", "101"], payoutDetail(payoutView({ id: 101 })));

    applyEventToCaches(qc, event({}));

    for (const key of [["payouts", "approvals"], ["payouts", "region=TH"]]) {
      const d = qc.getQueryData<InfiniteData<PayoutPage>>(key);
      expect(d?.pages[0]?.items.map((i) => [i.id, i.status])).toEqual([
        [101, "APPROVED"],
        [102, "PENDING_APPROVAL"],
      ]);
    }
    expect(qc.getQueryData<PayoutDetailView>(["payout", "101"])?.payout.status).toBe("APPROVED");
    expect(list.pages[0]?.items[0]?.status).toBe("PENDING_APPROVAL"); // a new object, the old one untouched
  });

  it("leaves pay-ins and other pay-outs alone", () => {
    const qc = new QueryClient();
    const list: InfiniteData<PayoutPage> = { pageParams: [null], pages: [{ items: [payoutView({ id: 101 })], nextCursor: null }] };
    qc.setQueryData(["payouts", ""], list);
    applyEventToCaches(qc, event({ type: "payin" }));
    applyEventToCaches(qc, event({ orderId: 555 }));
    expect(qc.getQueryData(["payouts", ""])).toBe(list);
  });
});
