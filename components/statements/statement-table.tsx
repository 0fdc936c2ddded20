import type { StatementBalance, StatementView } from "@/lib/statements/statement-view";

function Balance({ label, b, at }: { label: string; b: StatementBalance | null; at: string }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-3">
      <p className="text-xs text-slate-500">{label}</p>
      {b ? (
        <p className="font-semibold" data-testid={`statement-${label.toLowerCase().split(" ")[0]}`}>
          {b.display}
          <span className="block text-xs font-normal text-slate-500">asked {b.takenAt.replace("T", " ").slice(0, 16)} UTC</span>
        </p>
      ) : (
        <p className="text-sm text-slate-600">Not recorded (the balance is asked at {at.replace("T", " ").slice(0, 16)} UTC)</p>
      )}
    </div>
  );
}

/** A day's statement: balances, orders created that day by status, and money settled that day. Prints as is. */
export function StatementTable({ s }: { s: StatementView }) {
  return (
    <section className="space-y-4" data-testid="statement">
      <h2 className="font-semibold">
        {s.credentialName}, {s.currency}, {s.day} <span className="font-normal text-slate-600">(a UTC day: 00:00 to 24:00 UTC)</span>
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <Balance label="Opening balance" b={s.opening} at={s.from} />
        <Balance label="Closing balance" b={s.closing} at={s.to} />
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="text-left text-xs text-slate-500">Orders created this day, by their status now</caption>
          <thead>
            <tr className="text-left">
              <th className="py-1 pr-2">Kind</th>
              <th className="py-1 pr-2">Status</th>
              <th className="py-1 pr-2 text-right">Count</th>
              <th className="py-1 text-right">Amount</th>
            </tr>
          </thead>
          <tbody>
            {s.lines.map((l) => (
              <tr key={`${l.kind}-${l.status}`} className="border-t border-slate-100" data-testid="statement-line">
                <td className="py-1 pr-2">{l.kind === "payout" ? "Pay-outs" : "Pay-ins"}</td>
                <td className="py-1 pr-2">
                  {l.statusWords} <code className="text-xs text-slate-500">{l.status}</code>
                </td>
                <td className="py-1 pr-2 text-right">{l.count}</td>
                <td className="py-1 text-right">{l.sumDisplay}</td>
              </tr>
            ))}
            {s.totals.map((t) => (
              <tr key={t.kind} className="border-t border-slate-300 font-semibold">
                <td className="py-1 pr-2">{t.kind === "payout" ? "Pay-outs" : "Pay-ins"}</td>
                <td className="py-1 pr-2">All</td>
                <td className="py-1 pr-2 text-right">{t.count}</td>
                <td className="py-1 text-right">{t.sumDisplay}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm">
        Settled this day (whenever created): pay-outs paid <strong>{s.settled.payoutsPaidDisplay}</strong>, pay-ins received{" "}
        <strong>{s.settled.payinsReceivedDisplay}</strong>. Fees are Smilepayz&apos;s and are not in these figures.
      </p>
    </section>
  );
}
