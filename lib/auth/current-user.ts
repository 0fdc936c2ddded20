import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { decodeSessionCookie } from "./session-cookie";
import { isPersonActivity } from "./activity";
import type { SessionEndReason } from "./session-end";
import { resolveSession, sessionEndReason, type SessionUser } from "./sessions";

const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/** The session token inside next-auth's encrypted cookie, or null. */
async function sessionTokenFrom(cookieValue: string | undefined): Promise<string | null> {
  if (!cookieValue) return null;
  const jwt = decodeSessionCookie(cookieValue, env().NEXTAUTH_SECRET ?? "");
  return typeof jwt?.st === "string" ? jwt.st : null;
}

/** The signed-in user of this request (pages, route handlers), checked against the database session. */
export const getCurrentUser = cache(async function getCurrentUser(): Promise<SessionUser | null> {
  const token = await getCurrentSessionToken();
  if (!token) return null;
  // Only a person's own action moves the idle clock (lib/auth/activity.ts).
  return resolveSession(getDb(), token, new Date(), { touch: isPersonActivity(await headers()) });
});

/** Why this browser's session no longer signs in (idle, disabled, …), for the sign-in page; null when unknown. */
export async function getSignedOutReason(): Promise<SessionEndReason | null> {
  const token = await getCurrentSessionToken();
  return token ? sessionEndReason(getDb(), token) : null;
}

/** The raw session token (sign-out everywhere, "this session" markers). */
export async function getCurrentSessionToken(): Promise<string | null> {
  const jar = await cookies();
  for (const name of COOKIE_NAMES) {
    const token = await sessionTokenFrom(jar.get(name)?.value);
    if (token) return token;
  }
  return null;
}
