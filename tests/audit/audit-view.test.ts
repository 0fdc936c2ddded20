import { describe, expect, it } from "vitest";
import { auditActor, systemCtx } from "@/lib/context";
import { auditDiff } from "@/lib/audit/diff";
import { listAudit } from "@/lib/audit/list-audit";
import { auditFilterSchema } from "@/lib/audit/schemas";
import { writeAudit } from "@/lib/audit/write-audit";
import { ctxFor } from "../helpers/ctx";
import { withRollback } from "../helpers/db";
import { createMerchant, createUser } from "../helpers/factories";

describe("audit diff", () => {
  it("lists changed fields only, old → new, nested fields dotted", () => {
    expect(
      auditDiff(
        { name: "Fah", role: "finance", allMerchants: true, merchantIds: [], disabled: false, accounts: [{ currency: "THB" }] },
        { name: "Fah", role: "support", allMerchants: false, merchantIds: [4, 7], disabled: false, accounts: [{ currency: "PHP" }] },
      ),
    ).toEqual([
      { field: "role", before: "finance", after: "support" },
      { field: "allMerchants", before: "yes", after: "no" },
      { field: "merchantIds", before: "(none)", after: "4, 7" },
      { field: "accounts", before: '{"currency":"THB"}', after: '{"currency":"PHP"}' },
    ]);
    expect(auditDiff(null, { a: 1 })).toEqual([{ field: "a", before: "—", after: "1" }]);
    expect(auditDiff({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 3 } })).toEqual([{ field: "a.c", before: "2", after: "3" }]);
    expect(auditDiff({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it("shows money as money: thresholds (minor units in the row) and a pay-out's amount", () => {
    expect(auditDiff({ THB: "5000000", PHP: "5000000", USDT: null }, { THB: "4000000", PHP: "5000000", USDT: "10000000" }, "credential.approval_thresholds_changed")).toEqual([
      { field: "THB", before: "50,000.00", after: "40,000.00" },
      { field: "USDT", before: "none (every pay-out needs approval)", after: "1,000.00" },
    ]);
    expect(auditDiff(null, { orderNo: "TH1", currency: "PHP", amountMinor: "250050", status: "APPROVED" }, "payout.created")).toEqual([
      { field: "orderNo", before: "—", after: "TH1" },
      { field: "currency", before: "—", after: "PHP" },
      { field: "amount", before: "—", after: "2,500.50 PHP" },
      { field: "status", before: "—", after: "APPROVED" },
    ]);
  });
});

describe("listAudit names people, system actors and targets", () => {
  it("shows the actor's name, a system actor by name, and a user or merchant target by name", async () => {
    await withRollback(async (tx) => {
      const admin = await createUser(tx, { role: "admin", name: "Ada Admin", allMerchants: true });
      const target = await createUser(tx, { name: "Fah Finance" });
      const m = await createMerchant(tx, { name: "Siam Shop" });
      const ctx = ctxFor(tx, admin);
      await writeAudit(tx, auditActor(ctx), { action: "user.updated", targetType: "user", targetId: target.id, before: { role: "finance" }, after: { role: "support" } });
      await writeAudit(tx, auditActor(systemCtx(tx, "dispatcher")), { action: "merchant.checked", targetType: "merchant", targetId: m.id });
      const { rows } = await listAudit({ ctx, input: auditFilterSchema.parse({ targetId: String(target.id), targetType: "user" }) });
      expect(rows[0]).toMatchObject({ actorKind: "user", actorName: "Ada Admin", actorEmail: admin.email, targetName: "Fah Finance" });
      const sys = await listAudit({ ctx, input: auditFilterSchema.parse({ targetType: "merchant", targetId: String(m.id) }) });
      expect(sys.rows[0]).toMatchObject({ actorKind: "system", actorName: "dispatcher", targetName: "Siam Shop" });
      // The actor filter finds a person by name, not only by e-mail.
      const byName = await listAudit({ ctx, input: auditFilterSchema.parse({ actor: "ada adm", targetId: String(target.id) }) });
      expect(byName.rows.length).toBe(1);
    });
  });
});
