import "server-only";
import { and, eq, inArray, type SQL } from "drizzle-orm";
import { webhookEndpoints } from "@/db/schema";
import { merchantScope } from "@/lib/auth/merchant-scope";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";

/** The person's merchants as a filter on a merchant id column (undefined: all). */
export async function scopeWhere(ctx: Ctx): Promise<SQL | undefined> {
  const scope = await merchantScope(ctx.db, ctx.user);
  return scope === null ? undefined : inArray(webhookEndpoints.merchantId, scope.length ? scope : [-1]);
}

/** One endpoint of the person's merchants, locked when `forUpdate`; else a 404 (outside the scope alike). */
export async function findEndpoint(ctx: Ctx, id: number, forUpdate = false) {
  const q = ctx.db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), await scopeWhere(ctx)));
  const [row] = forUpdate ? await q.for("update") : await q;
  if (!row) throw new AppError("not_found", "No such webhook endpoint.");
  return row;
}

export function endpointIdOf(params: Record<string, string | string[] | undefined>): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("not_found", "No such webhook endpoint.");
  return id;
}
