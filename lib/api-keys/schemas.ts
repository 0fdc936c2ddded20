import { z } from "zod";
import { API_SCOPES } from "@/lib/auth/api-key-scopes";
import { plainText, uniqueIds } from "@/lib/validation/text";

/** Inputs of the API keys page: one schema each, used by its forms and parsed again by the routes. */
export const createApiKeySchema = z.object({
  name: plainText("a name", 80, 3),
  credentialIds: uniqueIds("credentials", 50).min(1, "Choose at least one credential"),
  scopes: z
    .array(z.enum(API_SCOPES, "Choose from the listed scopes"))
    .min(1, "Choose at least one scope")
    .max(API_SCOPES.length)
    .refine((s) => new Set(s).size === s.length, "Each scope may be listed once"),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
export type CreateApiKey = z.output<typeof createApiKeySchema>;

/** Rolling: a new secret now; the old one keeps working for `overlapMinutes` (0: stops at once; at most 7 days). */
export const rollApiKeySchema = z.object({
  overlapMinutes: z.coerce
    .number("Enter the minutes the old secret keeps working")
    .int("Whole minutes")
    .min(0, "At least 0 minutes")
    .max(10_080, "At most 7 days (10,080 minutes)"),
});
export type RollApiKeyInput = z.input<typeof rollApiKeySchema>;
