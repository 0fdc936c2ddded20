import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { apiKeys, merchants, userMerchants, users } from "@/db/schema";
import type { ApiScope } from "@/lib/auth/api-key-scopes";

/** What the browser and the API get about a key: never its secret or its hash. */
export interface ApiKeyView {
  id: number;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  status: "pending" | "active" | "revoked";
  credentials: { id: number; name: string }[];
  createdAt: string;
  createdBy: string;
  activatedAt: string | null;
  revokedAt: string | null;
  /** After a roll: the old secret works until then. */
  previousValidUntil: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
}

/** The keys (all, or the listed ids), newest first, each with its credentials. */
export async function readApiKeys(db: DbOrTx, ids?: number[]): Promise<ApiKeyView[]> {
  const q = db.select({ k: apiKeys, by: users.email }).from(apiKeys).innerJoin(users, eq(users.id, apiKeys.createdBy));
  const rows = await (ids ? q.where(inArray(apiKeys.id, ids)) : q).orderBy(asc(apiKeys.status), asc(apiKeys.name), asc(apiKeys.id));
  const svc = rows.map((r) => r.k.serviceUserId);
  const creds =
    svc.length === 0
      ? []
      : await db
          .select({ userId: userMerchants.userId, id: merchants.id, name: merchants.name })
          .from(userMerchants)
          .innerJoin(merchants, eq(merchants.id, userMerchants.merchantId))
          .where(inArray(userMerchants.userId, svc))
          .orderBy(asc(merchants.name));
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return rows.map(({ k, by }) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes as ApiScope[],
    status: k.status as ApiKeyView["status"],
    credentials: creds.filter((c) => c.userId === k.serviceUserId).map(({ id, name }) => ({ id, name })),
    createdAt: k.createdAt.toISOString(),
    createdBy: by,
    activatedAt: iso(k.activatedAt),
    revokedAt: iso(k.revokedAt),
    previousValidUntil: k.previousValidUntil && k.previousValidUntil > new Date() ? k.previousValidUntil.toISOString() : null,
    lastUsedAt: iso(k.lastUsedAt),
    lastUsedIp: k.lastUsedIp,
  }));
}

export async function readApiKey(db: DbOrTx, id: number): Promise<ApiKeyView> {
  const [v] = await readApiKeys(db, [id]);
  if (!v) throw new Error(`api key ${id} vanished`);
  return v;
}
