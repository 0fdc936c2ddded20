import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { beneficiaries, payouts } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/sessions";
import { testDb } from "../helpers/db";
import { gatewayCredential, key, person, sandboxForFile, thai } from "../payouts/helpers";

// The route handlers as Next runs them, with the session lookup replaced by "this user is signed in".
const signedIn = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => signedIn.user }));

const { POST: add, GET: list } = await import("@/app/api/beneficiaries/route");
const { PATCH: edit } = await import("@/app/api/beneficiaries/[id]/route");
const { POST: approve } = await import("@/app/api/beneficiaries/[id]/approve/route");
const { POST: reject } = await import("@/app/api/beneficiaries/[id]/reject/route");
const { POST: createPayout } = await import("@/app/api/payouts/route");

let cred: Awaited<ReturnType<typeof gatewayCredential>>;
const sb = sandboxForFile();
beforeAll(() => {
  ({ cred } = sb);
});

const send = (method: string, url: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://app.test${url}`, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const noParams = { params: Promise.resolve({}) };
const idParams = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });
const rows = async () => (await testDb().select({ n: sql<number>`count(*)::int` }).from(beneficiaries))[0]?.n ?? 0;
const brazil = { region: "BR", method: "CPF", account: "529.982.247-25", taxNumber: "529.982.247-25", receiverName: "Maria Souza", label: "Maria" };

describe("the beneficiaries API", () => {
  it("201 with the beneficiary waiting for verification; a bad CPF is a 400 on taxNumber that stores nothing", async () => {
    signedIn.user = sb.finance.ctx.user;
    const before = await rows();
    const bad = await add(send("POST", "/api/beneficiaries", { credentialId: cred.m.id, ...brazil, taxNumber: "123.456.789-00" }), noParams);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_input", fields: { taxNumber: expect.stringMatching(/check digits/) } } });
    expect(await rows()).toBe(before);
    const ok = await add(send("POST", "/api/beneficiaries", { credentialId: cred.m.id, ...brazil }), noParams);
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ beneficiary: { id: expect.any(Number), status: "PENDING_VERIFICATION", account: "52998224725" } });
  });

  it("support may read but not add (403); finance may not verify (403); the creator may not verify (403)", async () => {
    signedIn.user = (await person("support")).ctx.user;
    expect((await add(send("POST", "/api/beneficiaries", { ...thai(), credentialId: cred.m.id, label: "x" }), noParams)).status).toBe(403);
    expect((await list(new Request("http://app.test/api/beneficiaries?q=Maria"), noParams)).status).toBe(200);
    const approver = await person("approver");
    signedIn.user = approver.ctx.user;
    const made = (await (await add(send("POST", "/api/beneficiaries", { ...thai({ account: "5550001111" }), credentialId: cred.m.id, label: "Own" }), noParams)).json()) as { beneficiary: { id: number } };
    expect((await approve(send("POST", "/x", { code: approver.code() }), idParams(made.beneficiary.id))).status).toBe(403);
    signedIn.user = sb.finance.ctx.user;
    expect((await approve(send("POST", "/x", { code: "123456" }), idParams(made.beneficiary.id))).status).toBe(403);
  });

  it("verify with TOTP, pay by beneficiaryId through POST /api/payouts; PATCH of the account sends it back to verification", async () => {
    signedIn.user = sb.finance.ctx.user;
    const res = await add(send("POST", "/api/beneficiaries", { ...thai({ account: "5550002222" }), credentialId: cred.m.id, label: "Rent" }), noParams);
    const { beneficiary } = (await res.json()) as { beneficiary: { id: number } };
    const approver = await person("approver");
    signedIn.user = approver.ctx.user;
    const ok = await approve(send("POST", "/x", { code: approver.code() }), idParams(beneficiary.id));
    expect(await ok.json()).toMatchObject({ beneficiary: { status: "VERIFIED" } });
    signedIn.user = sb.finance.ctx.user;
    const body = { credentialId: cred.m.id, beneficiaryId: beneficiary.id, amount: "900", purpose: "Rent March" };
    const k = key();
    const paid = await createPayout(send("POST", "/api/payouts", body, { "idempotency-key": k }), noParams);
    expect(paid.status).toBe(201);
    const { payout } = (await paid.json()) as { payout: { id: number; account: string } };
    expect(payout.account).toBe("5550002222");
    const again = await createPayout(send("POST", "/api/payouts", body, { "idempotency-key": k }), noParams);
    expect(await again.json()).toMatchObject({ payout: { id: payout.id }, replayed: true });
    const badEdit = await edit(send("PATCH", "/x", { region: "TH", method: "KBANK", account: "12", label: "" }), idParams(beneficiary.id));
    expect(badEdit.status).toBe(400);
    expect(await badEdit.json()).toMatchObject({ error: { fields: { account: expect.any(String), label: expect.any(String) } } });
    const [kept] = await testDb().select().from(beneficiaries).where(eq(beneficiaries.id, beneficiary.id));
    expect(kept).toMatchObject({ status: "VERIFIED", cashAccount: "5550002222", label: "Rent" });
    const patched = await edit(send("PATCH", "/x", { region: "TH", method: "KBANK", account: "5550003333", label: "Rent" }), idParams(beneficiary.id));
    expect(await patched.json()).toMatchObject({ beneficiary: { status: "PENDING_VERIFICATION" } });
    const refused = await createPayout(send("POST", "/api/payouts", body, { "idempotency-key": key() }), noParams);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { fields: { beneficiaryId: expect.any(String) } } });
    const [row] = await testDb().select({ b: payouts.beneficiaryId, a: payouts.cashAccount }).from(payouts).where(eq(payouts.id, payout.id));
    expect(row).toEqual({ b: beneficiary.id, a: "5550002222" });
  });

  it("POST /api/payouts still tells a typed-in body's every field; a bad beneficiary body names its own fields", async () => {
    signedIn.user = sb.finance.ctx.user;
    const typed = await createPayout(send("POST", "/api/payouts", { credentialId: cred.m.id, region: "BR", method: "CPF", account: "1", amount: "abc", purpose: "x" }, { "idempotency-key": key() }), noParams);
    expect(typed.status).toBe(400);
    expect(((await typed.json()) as { error: { fields: Record<string, string> } }).error.fields).toMatchObject({ account: expect.any(String), amount: expect.any(String), taxNumber: expect.any(String) });
    const byId = await createPayout(send("POST", "/api/payouts", { credentialId: cred.m.id, beneficiaryId: "abc", amount: "5", purpose: "" }, { "idempotency-key": key() }), noParams);
    expect(byId.status).toBe(400);
    expect(((await byId.json()) as { error: { fields: Record<string, string> } }).error.fields).toMatchObject({ beneficiaryId: expect.any(String), purpose: expect.any(String) });
  });

  it("reject needs a reason (400 without one, nothing changes)", async () => {
    signedIn.user = sb.finance.ctx.user;
    const { beneficiary } = (await (await add(send("POST", "/api/beneficiaries", { ...thai({ account: "5550004444" }), credentialId: cred.m.id, label: "Reject" }), noParams)).json()) as { beneficiary: { id: number } };
    signedIn.user = (await person("approver")).ctx.user;
    expect((await reject(send("POST", "/x", {}), idParams(beneficiary.id))).status).toBe(400);
    const [row] = await testDb().select({ s: beneficiaries.status }).from(beneficiaries).where(eq(beneficiaries.id, beneficiary.id));
    expect(row?.s).toBe("PENDING_VERIFICATION");
    const done = await reject(send("POST", "/x", { reason: "Unknown account" }), idParams(beneficiary.id));
    expect(await done.json()).toMatchObject({ beneficiary: { status: "REJECTED", rejectReason: "Unknown account" } });
  });
});
