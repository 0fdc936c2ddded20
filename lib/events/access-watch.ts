import "server-only";
import type postgres from "postgres";
import type { DbOrTx } from "@/db";
import { can, isRole } from "@/lib/auth/permissions";
import { merchantScopes } from "@/lib/auth/merchant-scope";
import { ABSOLUTE_LIMIT_MS, IDLE_TIMEOUT_MS } from "@/lib/auth/session-policy";

/** What an open stream may carry now: nothing (closed), or the merchants (null: all). */
export type StreamAccess = { open: false } | { open: true; merchants: readonly number[] | null };
type AccessListener = (access: StreamAccess) => void;

interface Row {
  session_id: string;
  user_id: string;
  open: boolean;
  role: string;
}

/**
 * Re-reads, for every open stream of this process at once (one query per tick, never one per browser), whether its
 * session still stands (not revoked, expired or idle, user not disabled), whether the role may still read orders,
 * and which merchants it may see. A change reaches the stream within one tick.
 */
export class AccessWatch {
  private tracked = new Map<number, Set<AccessListener>>();
  private timer: NodeJS.Timeout;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly db: DbOrTx,
    readonly everyMs = 3_000,
  ) {
    this.timer = setInterval(() => void this.tick().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  /** The access of one session now, and a subscription to its changes. */
  async track(sessionId: number, listener: AccessListener): Promise<{ access: StreamAccess; untrack: () => void }> {
    const set = this.tracked.get(sessionId) ?? new Set<AccessListener>();
    set.add(listener);
    this.tracked.set(sessionId, set);
    const untrack = () => {
      set.delete(listener);
      if (set.size === 0 && this.tracked.get(sessionId) === set) this.tracked.delete(sessionId);
    };
    const access = (await this.read([sessionId])).get(sessionId) ?? { open: false };
    return { access, untrack };
  }

  async tick(): Promise<void> {
    const ids = [...this.tracked.keys()];
    if (ids.length === 0) return;
    const now = await this.read(ids);
    for (const id of ids) for (const l of [...(this.tracked.get(id) ?? [])]) l(now.get(id) ?? { open: false });
  }

  private async read(sessionIds: number[]): Promise<Map<number, StreamAccess>> {
    const rows = await this.sql<Row[]>`
      select s.id::text as session_id, u.id::text as user_id, u.role::text as role,
             (s.revoked_at is null and u.disabled_at is null and s.expires_at > now()
              and s.created_at > now() - ${ABSOLUTE_LIMIT_MS / 1000} * interval '1 second'
              and s.last_seen_at > now() - ${IDLE_TIMEOUT_MS / 1000} * interval '1 second') as open
        from sessions s join users u on u.id = s.user_id
       where s.id = any(${sessionIds})`;
    // The merchants each user may see, by the one definition of scope (lib/auth/merchant-scope.ts).
    const scopes = await merchantScopes(this.db, [...new Set(rows.map((r) => Number(r.user_id)))]);
    const out = new Map<number, StreamAccess>();
    for (const r of rows) {
      const readable = isRole(r.role) && (can(r.role, "payouts.read") || can(r.role, "payins.read"));
      const scope = scopes.get(Number(r.user_id));
      out.set(Number(r.session_id), r.open && readable && scope !== undefined ? { open: true, merchants: scope } : { open: false });
    }
    return out;
  }

  close(): void {
    clearInterval(this.timer);
    this.tracked.clear();
  }
}
