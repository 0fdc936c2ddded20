import { z } from "zod";

export const orderLookupSchema = z.object({
  q: z
    .string()
    .trim()
    .max(64, "At most 64 characters")
    .regex(/^[A-Za-z0-9]*$/, "An orderNo or tradeNo has letters and digits only")
    .optional(),
});
export type OrderLookupInput = z.input<typeof orderLookupSchema>;
