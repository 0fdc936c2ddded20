import { z } from "zod";

/** GET /api/dashboard/balances?refresh=1: ask the gateway again (answers older than a few seconds). */
export const dashboardBalancesSchema = z.object({
  refresh: z
    .enum(["0", "1"])
    .optional()
    .transform((v) => v === "1"),
});
