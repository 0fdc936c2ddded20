import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { LiveEvent } from "@/lib/events/read-events";
import type { PayinDetailView, PayinPage } from "@/lib/orders/order-view";
import type { PayoutDetailView, PayoutPage } from "@/lib/orders/order-view";

/**
 * One order event into the caches, in place: the order's row in every loaded list page and its detail get the
 * new status at once (the approvals queue drops a decided row); the detail then refetches its timeline.
 */
export function applyEventToCaches(qc: QueryClient, e: LiveEvent): void {
  if (e.type === "payin") {
    const status = e.to as PayinPage["items"][number]["status"];
    patchListRows<PayinPage>(qc, "payins", e.orderId, status);
    const key = ["payin", String(e.orderId)];
    const detail = qc.getQueryData<PayinDetailView>(key);
    if (detail) {
      qc.setQueryData<PayinDetailView>(key, { ...detail, payin: { ...detail.payin, status } });
      void qc.invalidateQueries({ queryKey: key });
    }
    return;
  }
  const status = e.to as PayoutPage["items"][number]["status"];
  patchListRows<PayoutPage>(qc, "payouts", e.orderId, status);
  const key = ["payout", String(e.orderId)];
  const detail = qc.getQueryData<PayoutDetailView>(key);
  if (detail) {
    qc.setQueryData<PayoutDetailView>(key, { ...detail, payout: { ...detail.payout, status } });
    void qc.invalidateQueries({ queryKey: key });
  }
}

/** The order's row in every loaded page of the lists under `root` gets the new status (unchanged pages kept). */
function patchListRows<P extends { items: { id: number; status: string }[] }>(qc: QueryClient, root: string, id: number, status: P["items"][number]["status"]): void {
  qc.setQueriesData<InfiniteData<P>>({ queryKey: [root] }, (old) => {
    if (!old?.pages) return old;
    let hit = false;
    const pages = old.pages.map((p) => ({
      ...p,
      items: p.items.map((it) => {
        if (it.id !== id || it.status === status) return it;
        hit = true;
        return { ...it, status };
      }),
    }));
    return hit ? { ...old, pages } : old;
  });
}
