import { z } from "zod";
import { email } from "@/lib/auth/schemas";
import { ROLES } from "@/lib/auth/permissions";

/** Inputs of the users page: one schema each, used by the form and parsed again by the route. Pure module. */

const name = z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters");
const role = z.enum(ROLES, { error: "Choose a role" });
const merchantIds = z.array(z.number().int().positive()).max(500).default([]);

export const createUserSchema = z.object({ email, name, role, merchantIds });
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z.object({
  name: name.optional(),
  role: role.optional(),
  merchantIds: z.array(z.number().int().positive()).max(500).optional(),
});
export type UpdateUserInput = z.input<typeof updateUserSchema>;

export const userIdParam = z.coerce.number().int().positive();
