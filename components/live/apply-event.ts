import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { LiveEvent } from "@/lib/events/read-events";
import type { OrderPage } from "@/lib/orders/order-view";

/**
 * One order event into the caches, in place: the order's row in every loaded list page and its detail get the
 * new status at once (the approvals queue drops a decided row); the detail then refetches its timeline.
 */
export function applyEventToCaches(qc: QueryClient, e: LiveEvent): void {
  patchListRows<OrderPage>(qc, `${e.type}s`, e.orderId, e.to as OrderPage["items"][number]["status"]);
  // The order page's key and shape: components/orders/order-story.tsx, the order under its kind's name.
  const key = [e.type, String(e.orderId)];
  const detail = qc.getQueryData<Record<string, unknown>>(key);
  if (detail) {
    qc.setQueryData(key, { ...detail, [e.type]: { ...(detail[e.type] as object), status: e.to } });
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
