import "server-only";
import type { users } from "@/db/schema";
import type { Role } from "@/lib/auth/permissions";

/** What any API may return about a user, as the browser reads it: never a hash or a two-factor secret. */
export interface UserView {
  id: number;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
  /** Every merchant, current and future; otherwise exactly `merchantIds` (empty: no merchant at all). */
  allMerchants: boolean;
  canReveal: boolean;
  merchantIds: number[];
}

export function userView(u: typeof users.$inferSelect, merchantIds: number[]): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    mustChangePassword: u.mustChangePassword,
    totpEnabled: u.totpEnabled,
    disabled: u.disabledAt !== null,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    allMerchants: u.allMerchants,
    canReveal: u.canReveal,
    merchantIds: u.allMerchants ? [] : merchantIds,
  };
}
