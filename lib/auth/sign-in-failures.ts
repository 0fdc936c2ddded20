import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { writeAudit } from "@/lib/audit/write-audit";

/**
 * Failed and throttled sign-ins are counted per account, address and minute (table sign_in_failures) and each
 * closed minute becomes one `auth.sign_in_failures` audit row with the counts: an attacker decides how many
 * attempts arrive, and audit_log is permanent. Opening a new count flushes the minutes closed by then, and the
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
    values (${account}, ${a.ip ?? ""}, date_trunc('minute', now()), ${a.userId}, 1, jsonb_build_object(${a.reason}::text, 1),
            case when ${unknownEmail}::text is null then '{}'::text[] else array[${unknownEmail}::text] end)
    on conflict (account, ip, minute) do update set
      attempts = f.attempts + 1,
      reasons = f.reasons || jsonb_build_object(${a.reason}::text, coalesce((f.reasons ->> ${a.reason}::text)::int, 0) + 1),
      emails = case when cardinality(f.emails) >= ${KEEP_EMAILS}::int or excluded.emails <@ f.emails then f.emails
                    else f.emails || excluded.emails end
    returning (xmax = 0) as inserted`);
  if (rows[0]?.inserted) await flushSignInFailures(db);
}

/** Move every closed minute into the audit log, one row each; the delete and the inserts commit together. */
export async function flushSignInFailures(db: DbOrTx): Promise<number> {
  return db.transaction(async (tx) => {
    const closed = await tx.execute<{
      account: string;
      ip: string;
      minute: Date | string;
      user_id: string | number | null;
      attempts: number;
      reasons: Record<string, number>;
      emails: string[];
    }>(sql`delete from sign_in_failures where minute < date_trunc('minute', now() - interval '5 seconds')
           returning account, ip, minute, user_id, attempts, reasons, emails`);
    for (const r of closed) {
      const unknown = r.account === "*";
      const minute = new Date(r.minute).toISOString();
      await writeAudit(
        tx,
        { userId: null, email: unknown ? null : r.account, ip: r.ip || null, userAgent: null },
        {
          action: "auth.sign_in_failures",
          targetType: "user",
          targetId: r.user_id === null ? null : Number(r.user_id),
          after: { minute, attempts: r.attempts, reasons: r.reasons, ...(unknown ? { emails: r.emails } : {}) },
        },
      );
    }
    return closed.length;
  });
}
