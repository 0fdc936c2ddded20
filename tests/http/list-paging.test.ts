import { afterAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/sessions";
import { auditActor } from "@/lib/context";
import { writeAudits } from "@/lib/audit/write-audit";
import { BAD_LIMITS, HOSTILE_CURSORS, IMPOSSIBLE_DAYS } from "../fuzz/helpers/paging";
import { person } from "../payouts/helpers";

// Every list and export route as Next runs it, with the session lookup replaced by "this user is signed in".
const signedIn = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => signedIn.user }));

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Route {
  get: Handler;
  role: Role;
  dates: boolean;
}
const ROUTES: Record<string, Route> = {
  "/api/payouts": { get: (await import("@/app/api/payouts/route")).GET, role: "approver", dates: true },
  "/api/payouts/export": { get: (await import("@/app/api/payouts/export/route")).GET, role: "approver", dates: true },
  "/api/payouts/waiting": { get: (await import("@/app/api/payouts/waiting/route")).GET, role: "approver", dates: false },
  "/api/payins": { get: (await import("@/app/api/payins/route")).GET, role: "finance", dates: true },
  "/api/payins/export": { get: (await import("@/app/api/payins/export/route")).GET, role: "finance", dates: true },
  "/api/orders": { get: (await import("@/app/api/orders/route")).GET, role: "support", dates: true },
  "/api/orders/export": { get: (await import("@/app/api/orders/export/route")).GET, role: "support", dates: true },
  "/api/callbacks": { get: (await import("@/app/api/callbacks/route")).GET, role: "admin", dates: true },
  "/api/audit": { get: (await import("@/app/api/audit/route")).GET, role: "admin", dates: true },
  "/api/audit/export": { get: (await import("@/app/api/audit/export/route")).GET, role: "admin", dates: true },
  "/api/payout-batches": { get: (await import("@/app/api/payout-batches/route")).GET, role: "approver", dates: false },
};
const noParams = { params: Promise.resolve({}) };

async function get(path: string, query: string) {
  const route = ROUTES[path];
  if (!route) throw new Error(path);
  signedIn.user = (await person(route.role)).ctx.user;
  return route.get(new Request(`http://app.test${path}?${query}`), noParams);
}

/** The answer is a 400 in the one error shape, naming exactly `field`. */
async function expectFieldError(res: Response, field: string, what: string) {
  expect(res.status, what).toBe(400);
  const body = (await res.json()) as { error: { code: string; message: string; fields: Record<string, string> } };
  expect(body.error.code, what).toBe("invalid_input");
  expect(Object.keys(body.error.fields), what).toEqual([field]);
}

afterAll(() => {
  signedIn.user = null;
});

describe("list and export routes refuse what they cannot read, as a field error", () => {
  for (const path of Object.keys(ROUTES)) {
    it(`${path}: a cursor it never wrote is a 400 on cursor, never a 500 nor ignored`, async () => {
      for (const cursor of HOSTILE_CURSORS) await expectFieldError(await get(path, `cursor=${encodeURIComponent(cursor)}`), "cursor", cursor.slice(0, 80));
    });

    it(`${path}: a limit out of range or not a whole number is a 400 on limit`, async () => {
      for (const limit of BAD_LIMITS) await expectFieldError(await get(path, `limit=${encodeURIComponent(limit)}`), "limit", limit);
      const ok = await get(path, "limit=2");
      expect(ok.status).toBe(200);
      await ok.text();
    });

    if (ROUTES[path]?.dates) {
      it(`${path}: an impossible calendar day is a 400 on from or to`, async () => {
        for (const field of ["from", "to"]) {
          for (const day of IMPOSSIBLE_DAYS) await expectFieldError(await get(path, `${field}=${day}`), field, `${field}=${day}`);
        }
      });
    }
  }
});

describe("the audit log pages by cursor and limit like the other lists", () => {
  it("following nextCursor with a limit walks the same rows, newest first, as the numbered pages", async () => {
    const admin = await person("admin");
    const entries = Array.from({ length: 5 }, (_, i) => ({ action: "test.paged", targetType: "user", targetId: String(admin.user.id), after: { i } }));
    await writeAudits(admin.ctx.db, auditActor(admin.ctx), entries);
    signedIn.user = admin.ctx.user;
    const audit = ROUTES["/api/audit"]?.get;
    if (!audit) throw new Error("no route");
    const read = async (query: string) => {
      const res = await audit(new Request(`http://app.test/api/audit?actor=${encodeURIComponent(admin.user.email)}&limit=2&${query}`), noParams);
      expect(res.status).toBe(200);
      return (await res.json()) as { rows: { id: number }[]; nextCursor: string | null; hasMore: boolean };
    };
    const byCursor: number[] = [];
    let cursor = "";
    for (let n = 0; n < 5; n++) {
      const page = await read(cursor ? `cursor=${cursor}` : "");
      expect(page.rows.length).toBeLessThanOrEqual(2);
      byCursor.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const byPage: number[] = [];
    for (let p = 1; p <= 3; p++) byPage.push(...(await read(`page=${p}`)).rows.map((r) => r.id));
    expect(byCursor).toHaveLength(5);
    expect(byCursor).toEqual(byPage);
    expect(await read("page=2").then((p) => p.rows.length)).toBe(2);
    await expectFieldError(await audit(new Request(`http://app.test/api/audit?page=2&cursor=${cursor}`), noParams), "cursor", "page and cursor");
  });
});
