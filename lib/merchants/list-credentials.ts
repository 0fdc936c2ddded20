import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchantAccounts, merchants, subMerchants } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { credentialView } from "./credential-view";
import { merchantScope } from "@/lib/auth/merchant-scope";

async function viewsFor(db: DbOrTx, rows: (typeof merchants.$inferSelect)[]) {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [accounts, subs] = await Promise.all([
    db.select().from(merchantAccounts).where(inArray(merchantAccounts.merchantId, ids)),
    db.select().from(subMerchants).where(inArray(subMerchants.merchantId, ids)),
  ]);
  return rows.map((m) => credentialView(m, accounts.filter((a) => a.merchantId === m.id), subs.filter((s) => s.merchantId === m.id)));
}

export async function listCredentials({ ctx }: { ctx: Ctx }) {
  const scope = await merchantScope(ctx.db, ctx.user);
  const rows = await ctx.db
    .select()
    .from(merchants)
    .where(scope ? inArray(merchants.id, scope.length ? scope : [-1]) : undefined)
    .orderBy(asc(merchants.name));
  return viewsFor(ctx.db, rows);
}

/** One merchant row the user may see, or not_found (the same answer whether it exists or is out of scope). */
export async function loadScopedMerchant(ctx: Ctx, id: number, lock = false) {
  const scope = await merchantScope(ctx.db, ctx.user);
  if (scope && !scope.includes(id)) throw new AppError("not_found", "No such merchant.");
  const q = ctx.db.select().from(merchants).where(eq(merchants.id, id));
  const row = (await (lock ? q.for("update") : q))[0];
  if (!row) throw new AppError("not_found", "No such merchant.");
  return row;
}

export async function getCredential({ ctx, id }: { ctx: Ctx; id: number }) {
  const row = await loadScopedMerchant(ctx, id);
  const [view] = await viewsFor(ctx.db, [row]);
  return view;
}
