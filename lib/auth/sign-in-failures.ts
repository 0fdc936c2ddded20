import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { writeAudit } from "@/lib/audit/write-audit";
import { reserveStrangerWrite } from "@/lib/strangers/write-budget";
import { addressGroup } from "./client-info";

/**
 * Failed and throttled sign-ins are counted per account, address (IPv6 by its /64) and minute (table
 * sign_in_failures) and each closed minute becomes one `auth.sign_in_failures` audit row with the counts, within
 * the minute's budget for all addresses (flushSignInFailures): an attacker decides how many attempts arrive, and
 * from how many addresses, and audit_log is permanent. Opening a new count flushes the minutes closed by then, and the
 * minutely job flushes the rest. A minute counts as closed 5 s after its end, so that an attempt that started
 * within it has finished counting (no second row for the same minute).
 */
export type FailureReason =
  | "wrong_password"
  | "unknown_email"
  | "disabled"
  | "missing_code"
  | "wrong_code"
  | "reused_code"
  | "no_secret"
  | "throttled_account"
  | "throttled_address"
  | "throttled_device";

const KEEP_EMAILS = 5;

export async function countSignInFailure(
  db: DbOrTx,
  a: { email: string; userId: number | null; ip: string | null; reason: FailureReason },
): Promise<void> {
  const account = a.userId === null ? "*" : a.email;
  const unknownEmail = a.userId === null ? a.email.slice(0, 254) : null;
  const rows = await db.execute<{ inserted: boolean }>(sql`
    insert into sign_in_failures as f (account, ip, minute, user_id, attempts, reasons, emails)
    values (${account}, ${addressGroup(a.ip)}, date_trunc('minute', now()), ${a.userId}, 1, jsonb_build_object(${a.reason}::text, 1),
            case when ${unknownEmail}::text is null then '{}'::text[] else array[${unknownEmail}::text] end)
    on conflict (account, ip, minute) do update set
      attempts = f.attempts + 1,
      reasons = f.reasons || jsonb_build_object(${a.reason}::text, coalesce((f.reasons ->> ${a.reason}::text)::int, 0) + 1),
      emails = case when cardinality(f.emails) >= ${KEEP_EMAILS}::int or excluded.emails <@ f.emails then f.emails
                    else f.emails || excluded.emails end
    returning (xmax = 0) as inserted`);
  if (rows[0]?.inserted) await flushSignInFailures(db);
}

/**
 * Move every closed minute into the audit log; the delete and the inserts commit together. An account and address
 * gets a row of its own while the minute's budget lasts (STRANGER_ROWS_PER_MINUTE for all addresses and instances,
 * the busiest first); the others of that minute share one row per account (`ip` empty, `after.addresses` how many),
 * so a flood from many addresses adds a bounded number of permanent rows and every attempt is still counted.
 */
export async function flushSignInFailures(db: DbOrTx): Promise<number> {
  return db.transaction(async (tx) => {
    const closed = await tx.execute<Closed>(sql`delete from sign_in_failures where minute < date_trunc('minute', now() - interval '5 seconds')
           returning account, ip, minute, user_id, attempts, reasons, emails`);
    const rest = new Map<string, Closed & { addresses: number }>();
    let written = 0;
    for (const r of [...closed].sort((a, b) => b.attempts - a.attempts)) {
      if (await reserveStrangerWrite(tx, "sign_in_row", { rows: 1 }, new Date(r.minute))) {
        await auditFailures(tx, r, null);
        written += 1;
        continue;
      }
      const key = `${r.account}|${new Date(r.minute).toISOString()}`;
      const o = rest.get(key);
      if (!o) rest.set(key, { ...r, ip: "", emails: [...r.emails], reasons: { ...r.reasons }, addresses: 1 });
      else {
        o.attempts += r.attempts;
        o.addresses += 1;
        for (const [k, v] of Object.entries(r.reasons)) o.reasons[k] = (o.reasons[k] ?? 0) + v;
        for (const e of r.emails) if (o.emails.length < KEEP_EMAILS && !o.emails.includes(e)) o.emails.push(e);
      }
    }
    for (const o of rest.values()) await auditFailures(tx, o, o.addresses);
    return written + rest.size;
  });
}

type Closed = { account: string; ip: string; minute: Date | string; user_id: string | number | null; attempts: number; reasons: Record<string, number>; emails: string[] };

async function auditFailures(tx: DbOrTx, r: Closed, addresses: number | null): Promise<void> {
  const unknown = r.account === "*";
  await writeAudit(
    tx,
    { userId: null, email: unknown ? null : r.account, ip: r.ip || null, userAgent: null },
    {
      action: "auth.sign_in_failures",
      targetType: "user",
      targetId: r.user_id === null ? null : Number(r.user_id),
      after: { minute: new Date(r.minute).toISOString(), attempts: r.attempts, reasons: r.reasons, ...(addresses === null ? {} : { addresses }), ...(unknown ? { emails: r.emails } : {}) },
    },
  );
}
