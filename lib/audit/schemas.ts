import { z } from "zod";
import { fromNotAfterTo, isoDay } from "@/lib/validation/dates";
import { instantIdKey, keysetCursor, pageLimit } from "@/lib/validation/paging";

/** Filters of the audit page (query string), shared by the filter form and the routes. Pure module. */
export const auditFilterSchema = z
  .object({
    actor: z.string().trim().max(254, "At most 254 characters").optional(),
    action: z.string().trim().max(64, "At most 64 characters").regex(/^[a-z0-9_.]*$/, "Letters, digits, . and _ only").optional(),
    targetType: z.string().trim().max(32, "At most 32 characters").regex(/^[a-z_]*$/, "Letters and _ only").optional(),
    targetId: z.string().trim().max(64, "At most 64 characters").optional(),
    from: isoDay,
    to: isoDay,
    /** The page's numbered pages (Previous / Next), or an API client's keyset `cursor` (`nextCursor`): one or the other. */
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    cursor: keysetCursor(instantIdKey),
    limit: pageLimit(50),
  })
  .refine(...fromNotAfterTo)
  .refine((v) => v.cursor === undefined || v.page === 1, { path: ["cursor"], message: "Follow nextCursor, or ask for a page number: not both" });
export type AuditFilter = z.output<typeof auditFilterSchema>;
export type AuditFilterInput = z.input<typeof auditFilterSchema>;
