import "server-only";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx, Tx } from "@/db";
import type { roleEnum } from "@/db/schema/enums";

/** The person behind a session (lib/auth/sessions.ts resolves it). */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: (typeof roleEnum.enumValues)[number];
  mustChangePassword: boolean;
  totpEnabled: boolean;
  sessionId: number;
}

/** Who acted, as the audit log records it (lib/audit/write-audit.ts). */
export interface AuditActor {
  /** Default "user": a person (or, for sign-in failures, who it claimed to be). "system" names the worker, "api_key" the key. */
  kind?: "user" | "system" | "api_key";
  name?: string;
  userId: number | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Who acts: a signed-in person, or one of the app's own workers (named, so audit rows and events say which). */
export type SystemActorName = "dispatcher" | "callback" | "reconciler" | "jobs" | "seed";
/** An API key (lib/api-keys): it acts through its own service identity, a users row that can never sign in. */
export interface ApiKeyRef {
  id: number;
  prefix: string;
  name: string;
}
/** `apiKey` is set when a machine acts with an API key: audit rows then name the key, never a person. */
export type UserActor = { kind: "user"; user: SessionUser; apiKey?: ApiKeyRef };
export type SystemActor = { kind: "system"; name: SystemActorName };
export type Actor = UserActor | SystemActor;

interface CtxBase {
  db: DbOrTx;
  ip: string | null;
  userAgent: string | null;
}

/** What a verb receives when a person acts: the database (or a transaction), the user, from where. */
export interface Ctx extends CtxBase {
  actor: UserActor;
  user: SessionUser;
}

/** What a verb receives when the system acts (a job, the callback route). There is no user to cast. */
export interface SystemCtx extends CtxBase {
  actor: SystemActor;
}

/** Verbs that either may run (the order status transition, for one) take this. */
export type AnyCtx = Ctx | SystemCtx;

/** What a public route handler gets: no actor yet; it builds a SystemCtx for the verb it calls. */
export type PublicCtx = CtxBase;

export function userCtx(db: DbOrTx, user: SessionUser, ip: string | null = null, userAgent: string | null = null): Ctx {
  return { db, ip, userAgent, user, actor: { kind: "user", user } };
}

/** A request made with an API key: the key's service identity as the user, the key as the actor. */
export function apiKeyCtx(db: DbOrTx, user: SessionUser, apiKey: ApiKeyRef, ip: string | null, userAgent: string | null): Ctx {
  return { db, ip, userAgent, user, actor: { kind: "user", user, apiKey } };
}

export function systemCtx(db: DbOrTx, name: SystemActorName, ip: string | null = null, userAgent: string | null = null): SystemCtx {
  return { db, ip, userAgent, actor: { kind: "system", name } };
}

/** The same context on another handle (a transaction). */
export function withDb<C extends AnyCtx>(ctx: C, db: DbOrTx): C {
  return { ...ctx, db };
}

/**
 * Run fn with the context on a transaction. If ctx.db is one already, fn runs in it as it is: no savepoint (a
 * failure rolls the whole of it back anyway), so a hot path such as a callback's pays no extra round trips.
 */
export async function withTransaction<C extends AnyCtx, R>(ctx: C, fn: (ctx: C & { db: Tx }) => Promise<R>): Promise<R> {
  if (ctx.db instanceof PgTransaction) return fn(ctx as C & { db: Tx });
  return ctx.db.transaction((tx) => fn({ ...ctx, db: tx }));
}

export function auditActor(ctx: AnyCtx): AuditActor {
  const a = ctx.actor;
  if (a.kind === "user" && a.apiKey) {
    return { kind: "api_key", name: `API key ${a.apiKey.prefix} (${a.apiKey.name})`, userId: a.user.id, email: null, ip: ctx.ip, userAgent: ctx.userAgent };
  }
  return a.kind === "user"
    ? { kind: "user", userId: a.user.id, email: a.user.email, ip: ctx.ip, userAgent: ctx.userAgent }
    : { kind: "system", name: a.name, userId: null, email: null, ip: ctx.ip, userAgent: ctx.userAgent };
}
