import "server-only";
import { asc, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/sessions";
import { isBundledSandbox } from "./bundled-sandbox";
import { merchantScope } from "@/lib/auth/merchant-scope";

/** Names and environments of the merchants a user may see (for pickers); never a secret. */
export async function listMerchantOptions(db: DbOrTx, user: Pick<SessionUser, "id">) {
  const scope = await merchantScope(db, user);
  const rows = await db
    .select({ id: merchants.id, name: merchants.name, merchantId: merchants.merchantId, environment: merchants.environment, customBaseUrl: merchants.customBaseUrl })
    .from(merchants)
    .where(scope ? inArray(merchants.id, scope.length ? scope : [-1]) : undefined)
    .orderBy(asc(merchants.name));
  return rows.map(({ customBaseUrl, ...o }) => ({ ...o, bundledSandbox: isBundledSandbox({ environment: o.environment, customBaseUrl }) }));
}
