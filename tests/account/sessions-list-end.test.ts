import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, sessions } from "@/db/schema";
import { endSessions } from "@/lib/account/end-sessions";
import { listSessions } from "@/lib/account/list-sessions";
import { userCtx } from "@/lib/context";
import { isPersonActivity } from "@/lib/auth/activity";
import { IDLE_TIMEOUT_MS } from "@/lib/auth/session-policy";
import { createSession, hashToken, resolveSession, revokeUserSessions, sessionEndReason } from "@/lib/auth/sessions";
import { testDb } from "../helpers/db";
import { createUser } from "../helpers/factories";

const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

async function signedIn(db = testDb()) {
  const u = await createUser(db, { role: "support" });
  const tokens = [
    await createSession(db, { userId: u.id, ip: "203.0.113.5", userAgent: CHROME_MAC }),
    await createSession(db, { userId: u.id, ip: "198.51.100.7", userAgent: SAFARI_IPHONE }),
    await createSession(db, { userId: u.id, ip: "192.0.2.9", userAgent: null }),
  ];
  const me = await resolveSession(db, tokens[0] ?? "");
  if (!me) throw new Error("no session");
  return { u, tokens, ctx: userCtx(db, me, "203.0.113.5", CHROME_MAC) };
}

describe("the account's sessions", () => {
  it("lists the person's open sessions with device, address and last activity, this one marked; never another user's or an ended one", async () => {
    const db = testDb();
    const { u, ctx } = await signedIn(db);
    const stranger = await createUser(db);
    await createSession(db, { userId: stranger.id, ip: "10.0.0.1", userAgent: CHROME_MAC });
    const ended = await createSession(db, { userId: u.id, ip: "10.9.9.9", userAgent: CHROME_MAC });
    await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.tokenHash, hashToken(ended)));
    const { sessions: list } = await listSessions({ ctx });
    expect(list.map((s) => [s.device, s.ip, s.current])).toEqual(
      expect.arrayContaining([
        ["Chrome on macOS", "203.0.113.5", true],
        ["Safari on iPhone", "198.51.100.7", false],
        ["Unknown device", "192.0.2.9", false],
      ]),
    );
    expect(list).toHaveLength(3);
    expect(list.every((s) => !Number.isNaN(Date.parse(s.lastActiveAt)))).toBe(true);
  });

  it("ends one other session, then all others; the ended ones no longer sign in and say why; another user's id is not found", async () => {
    const db = testDb();
    const { tokens, ctx } = await signedIn(db);
    const [mine = "", phone = "", third = ""] = tokens;
    const phoneId = (await resolveSession(db, phone))?.sessionId ?? 0;
    expect(await endSessions({ ctx, input: { sessionId: phoneId } })).toEqual({ ended: 1 });
    expect(await resolveSession(db, phone)).toBeNull();
    expect(await sessionEndReason(db, phone)).toBe("ended_elsewhere");
    expect(await resolveSession(db, third)).not.toBeNull();

    expect(await endSessions({ ctx, input: { others: true } })).toEqual({ ended: 1 });
    expect(await resolveSession(db, third)).toBeNull();
    expect(await resolveSession(db, mine)).not.toBeNull();
    expect((await listSessions({ ctx })).sessions.map((s) => s.current)).toEqual([true]);
    expect(await db.$count(auditLog, eq(auditLog.action, "user.sessions_ended"))).toBeGreaterThanOrEqual(2);

    const stranger = await createUser(db);
    const theirs = await createSession(db, { userId: stranger.id, ip: null, userAgent: null });
    const theirId = (await resolveSession(db, theirs))?.sessionId ?? 0;
    await expect(endSessions({ ctx, input: { sessionId: theirId } })).rejects.toMatchObject({ code: "not_found" });
    expect(await resolveSession(db, theirs)).not.toBeNull();
  });

  it("says why a session ended: idle, disabled, role changed, ended elsewhere", async () => {
    const db = testDb();
    const u = await createUser(db);
    const t = await createSession(db, { userId: u.id, ip: null, userAgent: null });
    expect(await sessionEndReason(db, t)).toBeNull();
    expect(await sessionEndReason(db, t, new Date(Date.now() + IDLE_TIMEOUT_MS + 60_000))).toBe("idle");
    await revokeUserSessions(db, u.id, undefined, "role_changed");
    expect(await sessionEndReason(db, t)).toBe("role_changed");
  });
});

describe("only a person's input keeps a session from idling", () => {
  it("a background fetch or the event stream does not move last_seen; a page load, the tab's activity report and scripts do", async () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(isPersonActivity(h({ "sec-fetch-mode": "cors", "sec-fetch-site": "same-origin" }))).toBe(false); // fetch(), EventSource
    expect(isPersonActivity(h({ "sec-fetch-mode": "navigate", "sec-fetch-site": "same-origin" }))).toBe(true); // a page load
    expect(isPersonActivity(h({ "sec-fetch-mode": "navigate", "next-router-prefetch": "1" }))).toBe(false);
    expect(isPersonActivity(h({}))).toBe(true); // curl, scripts

    const db = testDb();
    const u = await createUser(db);
    const t = await createSession(db, { userId: u.id, ip: null, userAgent: null });
    const start = Date.now();
    // A tab polling every minute for 16.5 minutes, nobody at the keyboard: signed out after 15.
    let last: Awaited<ReturnType<typeof resolveSession>> = null;
    for (let m = 1; m <= 16.5; m += 1) last = await resolveSession(db, t, new Date(start + m * 60_000), { touch: false });
    expect(await resolveSession(db, t, new Date(start + 16.5 * 60_000), { touch: false })).toBeNull();
    expect(last).toBeNull();
    // A person's input every 10 minutes keeps it.
    const t2 = await createSession(db, { userId: u.id, ip: null, userAgent: null });
    for (let m = 10; m <= 40; m += 10) expect(await resolveSession(db, t2, new Date(start + m * 60_000), { touch: true })).not.toBeNull();
  });
});
