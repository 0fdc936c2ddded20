import { z } from "zod";
import { plainText } from "@/lib/validation/text";

/** Inputs of the pending-changes page: one schema each, used by the dialogs and parsed again by the routes. */
export const approveChangeSchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"),
});
export type ApproveChangeInput = z.input<typeof approveChangeSchema>;

export const rejectChangeSchema = z.object({
  reason: plainText("a reason", 500, 3),
});
export type RejectChangeInput = z.input<typeof rejectChangeSchema>;
