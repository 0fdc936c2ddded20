import { StatementTable } from "@/components/statements/statement-table";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { getDb } from "@/db";
import { requirePage } from "@/lib/auth/require-page";
import { userCtx } from "@/lib/context";
import { AppError, fieldsFromIssues } from "@/lib/errors";
import { listMerchantOptions } from "@/lib/merchants/list-merchant-options";
import { getStatement } from "@/lib/statements/get-statement";
import { statementSchema } from "@/lib/statements/schemas";
import { REGIONS } from "@/lib/smilepayz/regions";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
/** Yesterday, as a UTC day: the last complete statement. */
const lastCompleteDay = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

export default async function StatementsPage({ searchParams }: Props) {
  const user = await requirePage("/statements", searchParams);
  const sp = await searchParams;
  const credentials = await listMerchantOptions(getDb(), user);
  const yesterday = lastCompleteDay();
  const values = { credentialId: one(sp.credentialId) ?? String(credentials[0]?.id ?? ""), currency: one(sp.currency) ?? "THB", day: one(sp.day) ?? yesterday };
  const parsed = statementSchema.safeParse(values);
  let fields: Record<string, string> = parsed.success ? {} : fieldsFromIssues(parsed.error.issues);
  let statement = null;
  if (parsed.success && credentials.length > 0) {
    try {
      statement = await getStatement({ ctx: userCtx(getDb(), user), input: parsed.data });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      fields = e.fields ?? { credentialId: e.message };
    }
  }
  const csv = `/api/statements/export?${new URLSearchParams(values).toString()}`;
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Daily statement</h1>
      <p className="text-sm text-slate-600">
        One credential&apos;s day in one currency, to reconcile against Smilepayz: days run 00:00 to 24:00 UTC (07:00 to 07:00 in Bangkok).
      </p>
      <form method="get" className="grid gap-3 print:hidden sm:grid-cols-4" aria-label="Choose a statement">
        <label className="text-sm">
          Credential
          <select name="credentialId" defaultValue={values.credentialId} className={inputClass}>
            {credentials.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          {fields.credentialId ? <span role="alert" className="text-red-700">{fields.credentialId}</span> : null}
        </label>
        <label className="text-sm">
          Currency
          <select name="currency" defaultValue={values.currency} className={inputClass}>
            {Object.values(REGIONS).map((r) => (
              <option key={r.currency} value={r.currency}>
                {r.currency}
              </option>
            ))}
          </select>
          {fields.currency ? <span role="alert" className="text-red-700">{fields.currency}</span> : null}
        </label>
        <label className="text-sm">
          Day (UTC)
          <input type="date" name="day" defaultValue={values.day} className={inputClass} />
          {fields.day ? <span role="alert" className="text-red-700">{fields.day}</span> : null}
        </label>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass}>
            Show
          </button>
          {statement ? (
            <a href={csv} className={secondaryButtonClass} download>
              CSV
            </a>
          ) : null}
        </div>
      </form>
      {statement ? <StatementTable s={statement} /> : null}
    </main>
  );
}
