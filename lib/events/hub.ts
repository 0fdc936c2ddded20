import "server-only";
import type postgres from "postgres";
import { ORDER_STATUS_CHANNEL } from "./channel";
import { readEventRange, type LiveEvent } from "./read-events";

export type BatchListener = (batch: readonly LiveEvent[]) => void;

/**
 * The one LISTEN of this process, fanned out to every open stream. Ordering and completeness do not rest on the
 * notifies (they are only a wake-up): sequence ids are handed out before commit, so id 41 may commit after 42 was
 * seen. The hub keeps a watermark W: every event with id <= W is final (no transaction can still commit one), and
 * it only ever publishes the range (W, top] once it is final, in id order. A range is final when every
 * transaction that was running when `top` was visible and had already inserted an event has ended: one that holds
 * an id <= top took it before that snapshot (ids are handed out in order), so it was in the snapshot's in-progress
 * list and holds the table's insert lock (taken before its id); a transaction that inserts later gets an id > top.
 * Streams resume by id (`id > last and id <= W`) with nothing lost and nothing twice; the cost is waiting out event
 * writers in flight at that moment (milliseconds: ours are short).
 */
export class EventHub {
  private watermark = 0;
  private started = false;
  private listeners = new Set<BatchListener>();
  private dirty = false;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  readonly ready: Promise<void>;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly listenSql: postgres.Sql,
    private readonly opts: { sweepMs?: number } = {},
  ) {
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    const first = await this.finalTop();
    this.watermark = first;
    this.started = true;
    // onlisten runs on every (re)connect of the LISTEN connection: a kick catches up what a gap may have missed.
    const sub = await this.listenSql.listen(ORDER_STATUS_CHANNEL, () => this.kick(), () => this.kick());
    this.unlisten = () => sub.unlisten();
    // A slow sweep as a safety net (one cheap max(id) read) if a notify is ever lost.
    this.timer = setInterval(() => this.kick(), this.opts.sweepMs ?? 5_000);
    this.timer.unref();
  }

  /** Every event with id <= this is final and has been published. */
  get published(): number {
    return this.watermark;
  }

  /** Subscribe and learn, atomically, up to which id the stream must replay from the table itself. */
  subscribe(listener: BatchListener): { watermark: number; unsubscribe: () => void } {
    this.listeners.add(listener);
    return { watermark: this.watermark, unsubscribe: () => void this.listeners.delete(listener) };
  }

  get size(): number {
    return this.listeners.size;
  }

  kick(): void {
    this.dirty = true;
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
      });
    }
  }

  /** Resolves when everything committed before the call is published (tests, shutdown). */
  async settle(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.dirty && this.started) {
      this.dirty = false;
      try {
        const top = await this.finalTop();
        if (top <= this.watermark) continue;
        for (let from = this.watermark; from < top; ) {
          const batch = await readEventRange(this.sql, from, top, 1_000);
          from = batch.length < 1_000 ? top : (batch.at(-1)?.id ?? top);
          this.watermark = from;
          if (batch.length > 0) for (const l of [...this.listeners]) l(batch);
        }
      } catch {
        // The database is away: the next notify or the sweep tries again from the same watermark.
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /**
   * The highest event id visible now, returned once no transaction that was running at that moment and has
   * inserted into order_events (it holds a RowExclusiveLock on the table until it ends) is still running. Other
   * writers (jobs, sessions) and idle transactions that wrote no event do not hold the stream up.
   */
  private async finalTop(): Promise<number> {
    const [row] = await this.sql<{ top: string; snap: string }[]>`
      select coalesce((select max(id) from order_events), 0)::text as top, pg_current_snapshot()::text as snap`;
    if (!row) return this.watermark;
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      const [s] = await this.sql<{ done: boolean }[]>`
        select not exists (
          select 1 from pg_locks r
            join pg_locks x on x.virtualtransaction = r.virtualtransaction and x.locktype = 'transactionid'
           where r.locktype = 'relation' and r.relation = 'order_events'::regclass and r.mode = 'RowExclusiveLock'
             and x.transactionid::text::bigint in (
               select (v::text::numeric % 4294967296)::bigint from pg_snapshot_xip(${row.snap}::pg_snapshot) v)
        ) as done`;
      if (s?.done) return Number(row.top);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.listeners.clear();
    await this.unlisten?.().catch(() => undefined);
  }
}
