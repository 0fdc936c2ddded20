import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, users } from "@/db/schema";
import { ABSOLUTE_LIMIT_MS, IDLE_TIMEOUT_MS } from "@/lib/auth/session-policy";
import { createSession, hashToken, resolveSession, revokeUserSessions } from "@/lib/auth/sessions";
import { testDb } from "../helpers/db";
import { createUser } from "../helpers/factories";

describe("database sessions", () => {
  it("stores only the token's hash and resolves the user", async () => {
    const db = testDb();
    const u = await createUser(db, { role: "support" });
    const token = await createSession(db, { userId: u.id, ip: "127.0.0.1", userAgent: "test" });
    const row = (await db.select().from(sessions).where(eq(sessions.userId, u.id)))[0];
    expect(row?.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await resolveSession(db, token))?.id).toBe(u.id);
    expect(await resolveSession(db, `${token}x`)).toBeNull();
  });

  it("ends after 15 idle minutes, at the absolute limit, on revocation and when the user is disabled", async () => {
    const db = testDb();
    const u = await createUser(db);
    const token = await createSession(db, { userId: u.id, ip: null, userAgent: null });
    const now = Date.now();
    expect(await resolveSession(db, token, new Date(now + IDLE_TIMEOUT_MS - 60_000))).not.toBeNull(); // touches last_seen
    expect(await resolveSession(db, token, new Date(now + 2 * IDLE_TIMEOUT_MS + 60_000))).toBeNull();

    const created = Date.now();
    const t2 = await createSession(db, { userId: u.id, ip: null, userAgent: null });
    // Active every 10 minutes, it still ends at the absolute limit.
    for (let at = created + 10 * 60_000; at < created + ABSOLUTE_LIMIT_MS - 60_000; at += 10 * 60_000) {
      expect(await resolveSession(db, t2, new Date(at))).not.toBeNull();
    }
    expect(await resolveSession(db, t2, new Date(Date.now() + ABSOLUTE_LIMIT_MS + 1_000))).toBeNull();

    const t3 = await createSession(db, { userId: u.id, ip: null, userAgent: null });
    await revokeUserSessions(db, u.id);
    expect(await resolveSession(db, t3)).toBeNull();

    const t4 = await createSession(db, { userId: u.id, ip: null, userAgent: null });
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, u.id));
    expect(await resolveSession(db, t4)).toBeNull();
  });
});
