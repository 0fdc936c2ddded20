import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { LiveEvent } from "@/lib/events/read-events";
import type { PayinDetailView, PayinPage } from "@/lib/payins/payin-view";
import type { PayoutDetailView, PayoutPage } from "@/lib/payouts/payout-view";

/**
 * One order event into the caches, in place: the pay-out's row in every loaded list page and its detail get the
 * new status at once (the approvals queue drops a decided row); the detail then refetches its timeline.
 */
export function applyEventToCaches(qc: QueryClient, e: LiveEvent): void {
  if (e.type === "payin") return applyPayinEvent(qc, e);
  const status = e.to as PayoutPage["items"][number]["status"];
  qc.setQueriesData<InfiniteData<PayoutPage>>({ queryKey: ["payouts"] }, (old) => {
    if (!old?.pages) return old;
    let hit = false;
    const pages = old.pages.map((p) => ({
      ...p,
      items: p.items.map((it) => {
        if (it.id !== e.orderId || it.status === status) return it;
        hit = true;
        return { ...it, status };
      }),
    }));
    return hit ? { ...old, pages } : old;
  });
  const key = ["payout", String(e.orderId)];
  const detail = qc.getQueryData<PayoutDetailView>(key);
  if (detail) {
    qc.setQueryData<PayoutDetailView>(key, { ...detail, payout: { ...detail.payout, status } });
    void qc.invalidateQueries({ queryKey: key });
  }
}

/** The same for a pay-in: its rows in the pay-in lists and its detail (which refetches its timeline). */
function applyPayinEvent(qc: QueryClient, e: LiveEvent): void {
  const status = e.to as PayinPage["items"][number]["status"];
  qc.setQueriesData<InfiniteData<PayinPage>>({ queryKey: ["payins"] }, (old) => {
    if (!old?.pages) return old;
    let hit = false;
    const pages = old.pages.map((p) => ({
      ...p,
      items: p.items.map((it) => {
        if (it.id !== e.orderId || it.status === status) return it;
        hit = true;
        return { ...it, status };
      }),
    }));
    return hit ? { ...old, pages } : old;
  });
  const key = ["payin", String(e.orderId)];
  const detail = qc.getQueryData<PayinDetailView>(key);
  if (detail) {
    qc.setQueryData<PayinDetailView>(key, { ...detail, payin: { ...detail.payin, status } });
    void qc.invalidateQueries({ queryKey: key });
  }
}
