import { z } from "zod";
import { ORDER_NO_RE } from "@/lib/smilepayz/order-no";
import { hasControlChars, plainText } from "@/lib/validation/text";

/** An optional single line of at most `max` characters; blank means not given. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .refine((v) => !hasControlChars(v), "Remove control characters (tabs, line breaks, NUL)")
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v));

/** The fields every new order (pay-out or pay-in) asks for in the same words: whose credential, why, which orderNo. */
export const orderFields = {
  credentialId: z.coerce.number({ error: "Choose a merchant credential" }).int().positive("Choose a merchant credential"),
  purpose: plainText("a purpose", 64),
  orderNo: optionalText(32).refine((v) => v === undefined || ORDER_NO_RE.test(v), "6-32 letters and digits"),
};
