import { beforeAll, describe, expect, it } from "vitest";
import { PAGE_ACCESS, ROUTE_ACCESS, type Access } from "@/lib/auth/access-table";
import { can, ROLES, type Role } from "@/lib/auth/permissions";
import { Session, roleSession } from "./helpers/app";

/**
 * Generated from the access table, not written case by case: every route handler and page × every role and
 * signed-out. Denied: 401 signed out, 403 for a role without the permission (pages: redirect to sign-in, 403).
 * Allowed: anything but 401/403 (a 400 for an empty body or a 404 for a made-up id is an allowed call).
 */
const sessions = new Map<Role | "signed-out", Session>();

beforeAll(async () => {
  sessions.set("signed-out", new Session());
  for (const role of ROLES) sessions.set(role, await roleSession(role));
});

function allowed(access: Access, who: Role | "signed-out"): boolean {
  if (access === "public") return true;
  if (who === "signed-out") return false;
  return access === "signed-in" || can(who, access);
}

function concrete(path: string, method: string): string {
  return path.replace("[id]", "999999").replace("[...nextauth]", method === "GET" ? "session" : "signout");
}

const who = ["signed-out", ...ROLES] as const;
const routeCases = Object.entries(ROUTE_ACCESS).flatMap(([key, access]) => who.map((w) => [key, w, access] as const));
const pageCases = Object.entries(PAGE_ACCESS).flatMap(([path, access]) => who.map((w) => [path, w, access] as const));

describe("access matrix: route handlers", () => {
  it.each(routeCases)("%s as %s", async (key, w, access) => {
    const [method = "GET", path = "/"] = key.split(" ");
    const s = sessions.get(w) ?? new Session();
    const res = await s.json(concrete(path, method), method, method === "GET" ? undefined : {});
    if (allowed(access, w)) {
      expect([401, 403]).not.toContain(res.status);
    } else {
      expect(res.status).toBe(w === "signed-out" ? 401 : 403);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe(w === "signed-out" ? "unauthorized" : "forbidden");
    }
  });
});

describe("access matrix: pages", () => {
  it.each(pageCases)("%s as %s", async (path, w, access) => {
    const s = sessions.get(w) ?? new Session();
    const res = await s.fetch(path);
    if (allowed(access, w)) {
      // The payer's page for a made-up token is a plain 404 to everyone (a public page behind a token).
      expect(res.status).toBe(path.includes("[token]") ? 404 : 200);
    } else if (w === "signed-out") {
      expect([303, 307]).toContain(res.status);
      expect(res.headers.get("location")).toContain("/sign-in");
    } else {
      expect(res.status).toBe(403);
    }
  });
});
