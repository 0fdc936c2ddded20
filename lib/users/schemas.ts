import { z } from "zod";
import { email } from "@/lib/auth/schemas";
import { ROLES } from "@/lib/auth/permissions";

/** Inputs of the users page: one schema each, used by the form and parsed again by the route. Pure module. */

const name = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(100, "At most 100 characters")
  .regex(/^[^\u0000-\u001f\u007f]*$/, "No control characters");
const role = z.enum(ROLES, { error: "Choose a role" });

/** A list of merchant ids, each at most once. The browser sends numbers (the form converts checkbox values). */
export const merchantIdList = z
  .array(z.number({ error: "Choose merchants from the list" }).int().positive(), { error: "Choose merchants from the list" })
  .max(500, "At most 500 merchants")
  .refine((ids) => new Set(ids).size === ids.length, "A merchant is listed twice");

/**
 * Merchant access is explicit: `allMerchants: true` sees every merchant, current and future; otherwise exactly the
 * merchants in `merchantIds`, and an empty list sees nothing. Both at once is refused rather than guessed.
 */
const BOTH = { path: ["merchantIds"], message: "Choose either all merchants or a list, not both" };
const notBoth = (v: { allMerchants?: boolean; merchantIds?: number[] }) => !(v.allMerchants && (v.merchantIds?.length ?? 0) > 0);

export const createUserSchema = z
  .object({ email, name, role, allMerchants: z.boolean().default(false), merchantIds: merchantIdList.default([]) })
  .refine(notBoth, BOTH);
export type CreateUserInput = z.input<typeof createUserSchema>;

/**
 * Partial update. `merchantIds` given: the user sees exactly that list (all-merchants is turned off);
 * `allMerchants: true`: every merchant (the list is cleared). Changing the role ends the user's sessions.
 */
export const updateUserSchema = z
  .object({
    name: name.optional(),
    role: role.optional(),
    allMerchants: z.boolean().optional(),
    merchantIds: merchantIdList.optional(),
    /** May reveal masked account, wallet and tax numbers (each reveal asks a reason and is audited). */
    canReveal: z.boolean().optional(),
  })
  .refine(notBoth, BOTH);
export type UpdateUserInput = z.input<typeof updateUserSchema>;
