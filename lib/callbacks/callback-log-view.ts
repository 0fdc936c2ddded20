/** The callback log as the browser gets it (pure types: components import them with `import type`). */
export interface CallbackChange {
  from: string | null;
  to: string;
  source: string;
  at: string;
  note: string | null;
}

export interface CallbackLogItem {
  id: number;
  receivedAt: string;
  outcome: string;
  orderNo: string | null;
  tradeNo: string | null;
  merchantId: number | null;
  merchantName: string | null;
  order: { type: "payout" | "payin"; id: number; status: string; flagged: boolean } | null;
  remoteIp: string | null;
  signatureValid: boolean;
  timestampFresh: boolean;
  error: string | null;
  reviewReason: string | null;
  duplicates: number;
  confirmedAt: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
  /** Masked for roles without orders.unmasked (account numbers, tax ids; the signature shortened). */
  headers: Record<string, string>;
  rawBody: string;
  changed: CallbackChange[];
  canReapply: boolean;
  canResolve: boolean;
}

export interface RefusalsBySource {
  remoteIp: string;
  count: number;
  lastAt: string;
  reasons: string[];
}

export interface CallbackLogPage {
  items: CallbackLogItem[];
  nextCursor: string | null;
  /** Refused callbacks in the last 24 hours per source address (first page only). */
  refusals: RefusalsBySource[] | null;
}
