import "server-only";
import type { users } from "@/db/schema";

/** What any API may return about a user: never a hash or a two-factor secret. */
export function userView(u: typeof users.$inferSelect, merchantIds: number[]) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    mustChangePassword: u.mustChangePassword,
    totpEnabled: u.totpEnabled,
    disabled: u.disabledAt !== null,
    disabledAt: u.disabledAt,
    createdAt: u.createdAt,
    /** Every merchant, current and future; otherwise exactly `merchantIds` (empty: no merchant at all). */
    allMerchants: u.allMerchants,
    canReveal: u.canReveal,
    merchantIds: u.allMerchants ? [] : merchantIds,
  };
}
export type UserView = ReturnType<typeof userView>;
