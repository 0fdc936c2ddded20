import "server-only";
import type { users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/sessions";

/** What any API may return about a user, as the browser reads it: never a hash or a two-factor secret. */
export interface UserView extends Omit<SessionUser, "sessionId"> {
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
  /** Every merchant, current and future; otherwise exactly `merchantIds` (empty: no merchant at all). */
  allMerchants: boolean;
  canReveal: boolean;
  merchantIds: number[];
}

export function userView(u: typeof users.$inferSelect, merchantIds: number[]): UserView {
  const { id, email, name, role, mustChangePassword, totpEnabled, allMerchants, canReveal, disabledAt } = u;
  return {
    id,
    email,
    name,
    role,
    mustChangePassword,
    totpEnabled,
    disabled: disabledAt !== null,
    disabledAt: disabledAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    allMerchants,
    canReveal,
    merchantIds: allMerchants ? [] : merchantIds,
  };
}
