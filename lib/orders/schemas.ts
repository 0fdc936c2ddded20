import { z } from "zod";
import { REGIONS } from "@/lib/smilepayz/regions";
import { decimalToMinor } from "@/lib/smilepayz/regions/money";
import { isoDay, timeZoneParam } from "@/lib/validation/dates";
import { cursorId, cursorInstant, keysetCursor, optionalPageLimit } from "@/lib/validation/paging";

const blank = (v: unknown) => (v === "" ? undefined : v);

/** "1,234.56" -> minor units at the currency's precision; null when it is not such an amount. */
export function searchAmountMinor(text: string, digits: number): bigint | null {
  const plain = text.trim();
  return /^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(plain) ? decimalToMinor(plain.replace(/,/g, ""), digits) : null;
}

/** Where a page of the search ends: the last row's instant (microseconds, UTC), its kind and id. */
export const orderCursorKey = z.object({ at: cursorInstant, kind: z.enum(["payout", "payin"]), id: cursorId }).strict();
export type OrderCursorKey = z.output<typeof orderCursorKey>;
export const orderCursor = keysetCursor(orderCursorKey);

/**
 * One search over pay-outs and pay-ins: `q` is an orderNo or tradeNo (exact or prefix, any case), an account's last
 * 4 digits (more only with the reveal permission, audited: lib/orders/suffix-search.ts) or a name (3 letters or
 * more, any case or accent); the filters narrow it. Shared by the header search, the orders page, saved searches
 * and GET /api/orders.
 */
export const orderSearchSchema = z
  .object({
    q: z.string().trim().max(64, "At most 64 characters").optional(),
    type: z.preprocess(blank, z.enum(["payout", "payin"]).optional()),
    currency: z.preprocess(blank, z.enum(REGIONS.map((r) => r.currency) as [string, ...string[]]).optional()),
    amount: z.preprocess(blank, z.string().trim().max(20).optional()),
    from: isoDay,
    to: isoDay,
    tz: timeZoneParam,
    cursor: orderCursor,
    limit: optionalPageLimit(),
  })
  .superRefine((v, ctx) => {
    if (v.q && !/^[\p{L}\p{N} .'-]+$/u.test(v.q)) {
      ctx.addIssue({ code: "custom", path: ["q"], message: "Letters, digits, spaces, dots, dashes and apostrophes only" });
    }
    if (v.amount !== undefined) {
      const region = REGIONS.find((r) => r.currency === v.currency);
      if (!region) ctx.addIssue({ code: "custom", path: ["currency"], message: "Choose the amount's currency" });
      else if (searchAmountMinor(v.amount, region.amount.minorDigits) === null) ctx.addIssue({ code: "custom", path: ["amount"], message: "Not an amount in this currency" });
    }
    if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "Must be on or after the start date" });
  });
export type OrderSearchInput = z.input<typeof orderSearchSchema>;
export type OrderSearch = z.output<typeof orderSearchSchema>;

/** The customer-facing reveal and note forms. */
export const revealSchema = z.object({
  field: z.enum(["account", "taxNumber"]),
  reason: z.string().trim().min(5, "Say why, in a few words").max(300, "At most 300 characters"),
});
export type RevealInput = z.input<typeof revealSchema>;

export const orderNoteSchema = z.object({
  note: z.string().trim().min(1, "Write the note").max(1000, "At most 1000 characters"),
});
export type OrderNoteInput = z.input<typeof orderNoteSchema>;

export const savedSearchSchema = z.object({
  name: z.string().trim().min(1, "Name it").max(60, "At most 60 characters"),
  query: z.record(z.string(), z.string().max(120)).refine((q) => Object.keys(q).length <= 10, "Too many filters"),
});
export type SavedSearchInput = z.input<typeof savedSearchSchema>;
