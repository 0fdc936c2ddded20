/**
 * The pay-out list's filters as URL search params: the page URL, the list API call and the CSV export link all
 * carry the same keys (listPayoutsSchema's), so a shared link, a reload and an export show the same set.
 */
export const PAYOUT_FILTER_KEYS = [
  "region",
  "status",
  "credentialId",
  "createdBy",
  "from",
  "to",
  "minAmount",
  "maxAmount",
  "q",
] as const;
export type PayoutFilterKey = (typeof PAYOUT_FILTER_KEYS)[number];
export type PayoutFilters = Partial<Record<PayoutFilterKey, string>>;

/** Known, non-empty filter keys from a URL (anything else, such as cursor, is dropped); any list's keys. */
export function keysFromParams<K extends string>(keys: readonly K[], params: { forEach(cb: (value: string, key: string) => void): void }): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  params.forEach((value, key) => {
    const v = value.trim();
    if ((keys as readonly string[]).includes(key) && v !== "") out[key as K] = v;
  });
  return out;
}

/** Filters (plus paging extras) as a query string in the keys' order; empty values are left out. */
export function keysToQuery<K extends string>(keys: readonly K[], filters: Partial<Record<K, string>>, extra: Record<string, string | number | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const k of keys) {
    const v = filters[k]?.trim();
    if (v) q.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  return q.toString();
}

export const filtersFromParams = (params: Parameters<typeof keysFromParams>[1]): PayoutFilters => keysFromParams(PAYOUT_FILTER_KEYS, params);
export const filtersToQuery = (filters: PayoutFilters, extra?: Record<string, string | number | undefined | null>) => keysToQuery(PAYOUT_FILTER_KEYS, filters, extra);

/** Amount bounds are in the filtered region's currency, so they only mean something with a region. */
export function amountFilterProblem(filters: PayoutFilters): string | null {
  if ((filters.minAmount || filters.maxAmount) && !filters.region) return "Choose a region to filter by amount (amounts are in its currency).";
  return null;
}
