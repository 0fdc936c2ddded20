import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listUsers } from "@/app/api/users/route";
import { POST as createKeyRoute } from "@/app/api/api-keys/route";
import { POST as approvePayoutRoute } from "@/app/api/payouts/[id]/approve/route";
import { POST as approveChangeRoute } from "@/app/api/pending-changes/[id]/approve/route";
import { GET as listPayouts, POST as createPayoutRoute } from "@/app/api/payouts/route";
import { GET as listPayins } from "@/app/api/payins/route";
import { apiKeys, auditLog, payouts, users } from "@/db/schema";
import { createApiKey, revokeApiKey, rollApiKey } from "@/lib/api-keys";
import { createApiKeySchema } from "@/lib/api-keys/schemas";
import { approveChange } from "@/lib/approvals/decide-change";
import { authenticateApiKey, takeKeyRequest } from "@/lib/auth/api-key-auth";
import { hashSecret } from "@/lib/auth/api-key-secret";
import { listUsers as listUsersVerb } from "@/lib/users/list-users";
import { testDb } from "../helpers/db";
import { key, person, sandboxForFile, thai } from "../payouts/helpers";

const sb = sandboxForFile();
let a: Awaited<ReturnType<typeof person>>;
let b: Awaited<ReturnType<typeof person>>;
beforeAll(async () => {
  a = await person("admin");
  b = await person("admin");
});

const P = { params: Promise.resolve({}) };
const withId = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });
function req(path: string, secret: string | null, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Request {
  const headers = new Headers(init.headers);
  if (secret !== null) headers.set("authorization", `Bearer ${secret}`);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  return new Request(`http://127.0.0.1${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}
const pay = (secret: string, body: unknown, idem: string | null = key()) =>
  createPayoutRoute(req("/api/payouts", secret, { method: "POST", body, headers: idem ? { "idempotency-key": idem } : {} }), P);

async function newKey(scopes: string[]) {
  return createApiKey({ ctx: a.ctx, input: createApiKeySchema.parse({ name: `ERP ${key()}`, credentialIds: [sb.cred.m.id], scopes }) });
}
async function approvedKey(scopes: string[]) {
  const k = await newKey(scopes);
  await approveChange({ ctx: b.ctx, id: k.pendingChange?.id ?? 0, input: { code: b.code() } });
  await testDb().update(users).set({ totpLastStep: null }).where(eq(users.id, b.user.id));
  return k;
}

describe("API keys", () => {
  it("a key that can create pay-outs works only after another admin approves it, then pays out with Bearer alone, audited as the key", async () => {
    const k = await newKey(["payouts:write", "payouts:read"]);
    expect(k.secret).toMatch(new RegExp(`^spz_${k.apiKey.prefix}_[A-Za-z0-9_-]{43}$`));
    expect(k.apiKey.status).toBe("pending");
    expect(k.pendingChange?.kind).toBe("api_key_activate");
    expect((await pay(k.secret, thai({ credentialId: sb.cred.m.id }))).status).toBe(403);
    await expect(approveChange({ ctx: a.ctx, id: k.pendingChange?.id ?? 0, input: { code: a.code() } })).rejects.toMatchObject({ code: "forbidden" });
    await approveChange({ ctx: b.ctx, id: k.pendingChange?.id ?? 0, input: { code: b.code() } });
    await testDb().update(users).set({ totpLastStep: null }).where(eq(users.id, b.user.id));

    const res = await pay(k.secret, thai({ credentialId: sb.cred.m.id }), "erp-key-0001");
    expect(res.status).toBe(201);
    const { payout } = (await res.json()) as { payout: { id: number; status: string } };
    expect(payout.status).toBe("APPROVED");
    // The same Idempotency-Key returns the same pay-out; none is refused (400).
    expect((await pay(k.secret, thai({ credentialId: sb.cred.m.id }), "erp-key-0001")).status).toBe(200);
    expect((await pay(k.secret, thai({ credentialId: sb.cred.m.id }), null)).status).toBe(400);
    // Over the threshold it waits for a person like any other.
    const big = await pay(k.secret, thai({ credentialId: sb.cred.m.id, amount: "60000" }));
    expect(((await big.json()) as { payout: { status: string } }).payout.status).toBe("PENDING_APPROVAL");

    const [row] = await testDb().select().from(apiKeys).where(eq(apiKeys.id, k.apiKey.id));
    expect(row?.lastUsedAt).not.toBeNull();
    const audit = await testDb().select().from(auditLog).where(and(eq(auditLog.actorKind, "api_key"), eq(auditLog.actorUserId, row?.serviceUserId ?? 0)));
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(["payout.created", "api_key.used"]));
    expect(audit.every((r) => r.actorName?.includes(k.apiKey.prefix))).toBe(true);
    const [p] = await testDb().select().from(payouts).where(eq(payouts.id, payout.id));
    expect(p?.createdBy).toBe(row?.serviceUserId);
  });

  it("a key is refused on users, approvals, pending changes and key management, whatever its scopes", async () => {
    const k = await approvedKey(["payouts:write", "payouts:read", "payins:read", "orders:read"]);
    const res = await pay(k.secret, thai({ credentialId: sb.cred.m.id, amount: "60000" }));
    const { payout } = (await res.json()) as { payout: { id: number } };
    expect((await listUsers(req("/api/users", k.secret), P)).status).toBe(403);
    expect((await approvePayoutRoute(req(`/api/payouts/${payout.id}/approve`, k.secret, { method: "POST", body: { code: "123456", contentHash: "x" } }), withId(payout.id))).status).toBe(403);
    expect((await approveChangeRoute(req("/api/pending-changes/1/approve", k.secret, { method: "POST", body: { code: "123456" } }), withId(1))).status).toBe(403);
    const mk = await createKeyRoute(req("/api/api-keys", k.secret, { method: "POST", body: { name: "more", credentialIds: [sb.cred.m.id], scopes: ["payouts:write"] } }), P);
    expect(mk.status).toBe(403);
    expect(await mk.json()).toMatchObject({ error: { code: "forbidden" } });
    expect((await listPayins(req("/api/payins", k.secret), P)).status).toBe(200);
  });

  it("a key without payouts:write gets 403 on POST /api/payouts; a read-only key needs no second admin", async () => {
    const k = await newKey(["payouts:read"]);
    expect(k.pendingChange).toBeNull();
    expect(k.apiKey.status).toBe("active");
    expect((await pay(k.secret, thai({ credentialId: sb.cred.m.id }))).status).toBe(403);
    expect((await listPayouts(req("/api/payouts", k.secret), P)).status).toBe(200);
  });

  it("unknown, malformed, wrong and revoked secrets get 401", async () => {
    const k = await newKey(["payouts:read"]);
    const ok = await listPayouts(req("/api/payouts", k.secret), P);
    expect(ok.status).toBe(200);
    const wrong = `spz_${k.apiKey.prefix}_${"A".repeat(43)}`;
    for (const s of [wrong, "nonsense", "spz_aaaaaaaaaa_" + "B".repeat(43)]) expect((await listPayouts(req("/api/payouts", s), P)).status).toBe(401);
    await revokeApiKey({ ctx: a.ctx, id: k.apiKey.id });
    const gone = await listPayouts(req("/api/payouts", k.secret), P);
    expect(gone.status).toBe(401);
    expect(await gone.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("after a roll the old secret works until its overlap ends; a roll with no overlap stops it at once", async () => {
    const k = await newKey(["orders:read"]);
    const r1 = await rollApiKey({ ctx: a.ctx, id: k.apiKey.id, input: { overlapMinutes: 60 } });
    const db = testDb();
    await expect(authenticateApiKey(db, k.secret, "127.0.0.1")).resolves.toMatchObject({ key: { id: k.apiKey.id } });
    await expect(authenticateApiKey(db, r1.secret, "127.0.0.1")).resolves.toMatchObject({ key: { id: k.apiKey.id } });
    const later = new Date(Date.now() + 61 * 60_000);
    await expect(authenticateApiKey(db, k.secret, "127.0.0.1", later)).rejects.toMatchObject({ code: "unauthorized" });
    await expect(authenticateApiKey(db, r1.secret, "127.0.0.1", later)).resolves.toMatchObject({ key: { id: k.apiKey.id } });
    const r2 = await rollApiKey({ ctx: a.ctx, id: k.apiKey.id, input: { overlapMinutes: 0 } });
    await expect(authenticateApiKey(db, r1.secret, "127.0.0.1")).rejects.toMatchObject({ code: "unauthorized" });
    await expect(authenticateApiKey(db, k.secret, "127.0.0.1")).rejects.toMatchObject({ code: "unauthorized" });
    await expect(authenticateApiKey(db, r2.secret, "203.0.113.5")).resolves.toMatchObject({ key: { id: k.apiKey.id } });
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, k.apiKey.id));
    expect(row?.lastUsedIp).toBe("203.0.113.5");
  });

  it("stores only the secret's hash, never the secret, in any table or audit row", async () => {
    const k = await newKey(["payins:read"]);
    const [row] = await testDb().select().from(apiKeys).where(eq(apiKeys.id, k.apiKey.id));
    expect(row?.secretHash).toBe(hashSecret(k.secret));
    // The random part after "spz_<prefix>_" (it may itself hold "_").
    const body = k.secret.slice(`spz_${k.apiKey.prefix}_`.length);
    expect(body).toHaveLength(43);
    const hits = await testDb().execute<{ n: number }>(sql`select count(*)::int as n from audit_log where after::text like ${"%" + body + "%"} or before::text like ${"%" + body + "%"}`);
    expect(hits[0]?.n).toBe(0);
    const keyRows = await testDb().execute<{ n: number }>(sql`select count(*)::int as n from api_keys where row_to_json(api_keys)::text like ${"%" + body + "%"}`);
    expect(keyRows[0]?.n).toBe(0);
    expect(JSON.stringify(k.apiKey)).not.toContain(body);
  });

  it("service identities are not listed as users, and a key's creation is refused on an unknown credential", async () => {
    const k = await newKey(["payins:read"]);
    const list = await listUsersVerb({ ctx: a.ctx });
    expect(list.some((u) => u.email.startsWith(k.apiKey.prefix))).toBe(false);
    await expect(createApiKey({ ctx: a.ctx, input: createApiKeySchema.parse({ name: "Nope", credentialIds: [987654321], scopes: ["payins:read"] }) })).rejects.toMatchObject({ code: "invalid_input" });
    expect(createApiKeySchema.safeParse({ name: "x", credentialIds: [], scopes: ["payouts:delete"] }).success).toBe(false);
  });

  it("limits each key's requests per clock minute, counted on the key's row so every instance shares the count", async () => {
    const k = await newKey(["payins:read"]);
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 1_000);
    const took: boolean[] = [];
    for (let i = 0; i < 4; i++) took.push(await takeKeyRequest(testDb(), k.apiKey.id, "203.0.113.9", at, 3));
    expect(took).toEqual([true, true, true, false]);
    // The count lives on the key's row: later in the same minute (from any instance) it is still spent; a new minute starts afresh.
    expect(await takeKeyRequest(testDb(), k.apiKey.id, null, new Date(at.getTime() + 30_000), 3)).toBe(false);
    expect(await takeKeyRequest(testDb(), k.apiKey.id, null, new Date(at.getTime() + 60_000), 3)).toBe(true);
  });
});
