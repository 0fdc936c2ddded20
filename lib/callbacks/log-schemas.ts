import { z } from "zod";
import { fromNotAfterTo, isoDay } from "@/lib/validation/dates";
import { idKey, keysetCursor, pageLimit } from "@/lib/validation/paging";
import { plainText } from "@/lib/validation/text";

/** Pure module: the callback log's filters (query string) and actions, shared by the page and the routes. */
export const CALLBACK_OUTCOMES = ["applied", "confirming", "duplicate", "stale", "forged", "unknown_order", "invalid", "ignored", "conflict", "replayed"] as const;

export const callbackLogFilterSchema = z
  .object({
    outcome: z.union([z.literal(""), z.enum(CALLBACK_OUTCOMES, { error: "Choose an outcome from the list" })]).optional(),
    merchantId: z.union([z.literal(""), z.string().regex(/^\d{1,12}$/, "Choose a credential from the list")]).optional(),
    /** An orderNo or tradeNo, exactly. */
    order: z.string().trim().max(64, "At most 64 characters").regex(/^[A-Za-z0-9_-]*$/, "Letters, digits, - and _ only").optional(),
    from: isoDay,
    to: isoDay,
    cursor: keysetCursor(idKey),
    limit: pageLimit(50),
  })
  .refine(...fromNotAfterTo);
export type CallbackLogFilter = z.output<typeof callbackLogFilterSchema>;
export type CallbackLogFilterInput = z.input<typeof callbackLogFilterSchema>;

export const resolveCallbackSchema = z.object({ note: plainText("a note", 500, 5) });
export type ResolveCallbackInput = z.input<typeof resolveCallbackSchema>;
