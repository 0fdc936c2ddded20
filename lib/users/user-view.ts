import "server-only";
import type { users } from "@/db/schema";

/**
 * What any API may return about a user, as the browser reads it (dates as ISO strings): never a hash or a
 * two-factor secret. `allMerchants`: every merchant, current and future; otherwise exactly `merchantIds`.
 */
export function userView(u: typeof users.$inferSelect, merchantIds: number[]) {
  const { id, email, name, role, mustChangePassword, totpEnabled, allMerchants, canReveal, disabledAt } = u;
  const dates = { disabledAt: disabledAt?.toISOString() ?? null, createdAt: u.createdAt.toISOString() };
  return { id, email, name, role, mustChangePassword, totpEnabled, disabled: disabledAt !== null, ...dates, allMerchants, canReveal, merchantIds: allMerchants ? [] : merchantIds };
}
export type UserView = ReturnType<typeof userView>;
