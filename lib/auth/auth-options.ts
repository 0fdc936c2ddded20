import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { safeRedirect } from "./callback-url";
import { clientInfo } from "./client-info";
import { deviceCookieOptions } from "./device-token";
import { ABSOLUTE_LIMIT_MS } from "./session-policy";
import { revokeSession } from "./sessions";
import { attemptSignIn } from "./sign-in";

/**
 * next-auth v4 with the credentials provider. Credentials sign-in requires the JWT strategy in next-auth, so
 * the (encrypted) JWT carries only an opaque session token; the database `sessions` row is the session and is
 * checked on every request (lib/auth/current-user.ts). Nothing about the session token reaches the browser's JS.
 * Signing out ends the session but keeps the device cookie (lib/auth/device-token.ts): the browser stays known.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: ABSOLUTE_LIMIT_MS / 1000 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    // next-auth would log failed sign-ins with their stack and metadata; the code is all the log needs.
    logger: {
      error: (code) => log().warn({ nextAuth: code }, "next-auth error"),
      warn: (code) => log().warn({ nextAuth: code }, "next-auth warning"),
      debug: () => undefined,
    },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "E-mail and password",
        credentials: { email: { type: "email" }, password: { type: "password" }, totp: { type: "text" } },
        async authorize(credentials, req) {
          // The device cookie is read and set through Next's request cookies: the route's answer carries it.
          const jar = await cookies();
          const result = await attemptSignIn(getDb(), credentials ?? {}, clientInfo(req.headers ?? {}), (name) => jar.get(name)?.value);
          if (!result.ok) throw new Error(result.error);
          if (result.device) jar.set(result.device.cookie, result.device.token, deviceCookieOptions());
          return { id: String(result.userId), sessionToken: result.token };
        },
      }),
    ],
    callbacks: {
      // next-auth's default throws on a malformed callbackUrl (a 500 with a stack); this one never throws.
      redirect: safeRedirect,
      jwt({ token, user }) {
        if (user && "sessionToken" in user && typeof user.sessionToken === "string") {
          token.st = user.sessionToken;
        }
        return token;
      },
      // What /api/auth/session returns to the browser: no token, no role; pages get those on the server.
      session({ session }) {
        return { expires: session.expires };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.st === "string") await revokeSession(getDb(), token.st);
      },
    },
  };
}
