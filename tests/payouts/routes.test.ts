import { beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/sessions";
import { gatewayCredential, key, person, sandboxForFile, thai } from "./helpers";

// The route handlers as Next runs them, with the session lookup replaced by "this user is signed in".
const signedIn = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => signedIn.user }));

const { POST: create } = await import("@/app/api/payouts/route");
const { POST: approve } = await import("@/app/api/payouts/[id]/approve/route");

let cred: Awaited<ReturnType<typeof gatewayCredential>>;
const sb = sandboxForFile();
beforeAll(() => {
  ({ cred } = sb);
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://app.test${url}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const noParams = { params: Promise.resolve({}) };

describe("POST /api/payouts and /approve", () => {
  it("Idempotency-Key required; 201 then 200 replayed for the same body; 409 for another; field errors in the one shape", async () => {
    const finance = await person("finance");
    signedIn.user = finance.ctx.user;
    const body = thai({ credentialId: cred.m.id });
    const missing = await create(post("/api/payouts", body), noParams);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: "invalid_input", fields: { idempotencyKey: "Required" } } });
    const k = key();
    const first = await create(post("/api/payouts", body, { "idempotency-key": k }), noParams);
    expect(first.status).toBe(201);
    const created = (await first.json()) as { payout: { id: number; status: string }; replayed: boolean };
    expect(created).toMatchObject({ payout: { status: "APPROVED" }, replayed: false });
    const again = await create(post("/api/payouts", body, { "idempotency-key": k }), noParams);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ payout: { id: created.payout.id }, replayed: true });
    const other = await create(post("/api/payouts", { ...body, amount: "1501" }, { "idempotency-key": k }), noParams);
    expect(other.status).toBe(409);
    const bad = await create(post("/api/payouts", { ...body, account: "1".repeat(33) }, { "idempotency-key": key() }), noParams);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { fields: { account: expect.any(String) } } });
  });

  it("the creator's approval is refused with 403; a finance user has no approve permission (403)", async () => {
    const approver = await person("approver");
    signedIn.user = approver.ctx.user;
    const res = await create(post("/api/payouts", thai({ credentialId: cred.m.id, amount: "60000" }), { "idempotency-key": key() }), noParams);
    const { payout } = (await res.json()) as { payout: { id: number; contentHash: string; status: string } };
    expect(payout.status).toBe("PENDING_APPROVAL");
    const own = await approve(post(`/api/payouts/${payout.id}/approve`, { code: approver.code(), contentHash: payout.contentHash }), {
      params: Promise.resolve({ id: String(payout.id) }),
    });
    expect(own.status).toBe(403);
    signedIn.user = (await person("finance")).ctx.user;
    const finance = await approve(post(`/api/payouts/${payout.id}/approve`, { code: "123456", contentHash: payout.contentHash }), {
      params: Promise.resolve({ id: String(payout.id) }),
    });
    expect(finance.status).toBe(403);
  });
});
