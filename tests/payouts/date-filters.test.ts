import { afterAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/sessions";
import { isRealDay } from "@/lib/validation/dates";
import { person } from "./helpers";

// The list and export routes as Next runs them, with the session lookup replaced by "this user is signed in".
const signedIn = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => signedIn.user }));

const routes = {
  "/api/payouts": (await import("@/app/api/payouts/route")).GET,
  "/api/payouts/export": (await import("@/app/api/payouts/export/route")).GET,
  "/api/audit": (await import("@/app/api/audit/route")).GET,
  "/api/audit/export": (await import("@/app/api/audit/export/route")).GET,
};
const noParams = { params: Promise.resolve({}) };
const get = (path: keyof typeof routes, query: string) => routes[path](new Request(`http://app.test${path}?${query}`), noParams);

afterAll(() => {
  signedIn.user = null;
});

describe("dates in list and export filters", () => {
  it("only real days of 1970-2999 are days", () => {
    expect(["2026-01-31", "2024-02-29", "1970-01-01", "2999-12-31"].every(isRealDay)).toBe(true);
    expect(["2026-13-01", "2026-02-30", "2025-02-29", "0000-00-00", "9999-99-99", "2026-1-01", "2026-01-01T00:00"].some(isRealDay)).toBe(false);
  });

  const BAD = ["2026-13-01", "0000-00-00", "9999-99-99", "2026-02-30", "0000-01-01", "9999-12-31", "yesterday", "2026-01-01'--"];
  for (const path of Object.keys(routes) as Array<keyof typeof routes>) {
    it(`${path}: a bad from or to is a 400 naming the field, never a 500 or a cut stream`, async () => {
      signedIn.user = (await person(path.startsWith("/api/audit") ? "admin" : "approver")).ctx.user;
      for (const field of ["from", "to"]) {
        for (const bad of BAD) {
          const res = await get(path, `${field}=${encodeURIComponent(bad)}`);
          expect(res.status, `${field}=${bad}`).toBe(400);
          const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
          expect(body.error.code).toBe("invalid_input");
          expect(Object.keys(body.error.fields)).toEqual([field]);
        }
      }
      const reversed = await get(path, "from=2026-11-30&to=2026-11-01");
      expect(reversed.status).toBe(400);
      expect(((await reversed.json()) as { error: { fields: object } }).error.fields).toEqual({ to: "The end is before the start" });
      const good = await get(path, "from=2026-11-01&to=2026-11-30");
      expect(good.status).toBe(200);
      await good.text(); // an export streams to its end
      const empty = await get(path, "from=&to=");
      expect(empty.status).toBe(200);
      await empty.text();
    });
  }
});

describe("a day filter is the viewer's day", () => {
  it("with tz=Asia/Bangkok, from=to=6 Dec lists a pay-out made at 6 Dec 03:00 Bangkok (5 Dec UTC) and leaves out one of 7 Dec 01:00 Bangkok; without tz, UTC days", async () => {
    const { createMerchant, createPayout } = await import("../helpers/factories");
    const { testDb } = await import("../helpers/db");
    const m = await createMerchant(testDb());
    const early = await createPayout(testDb(), { merchantId: m.id, createdAt: new Date("2026-12-05T20:00:00Z") }); // 6 Dec 03:00 in Bangkok
    const late = await createPayout(testDb(), { merchantId: m.id, createdAt: new Date("2026-12-06T18:00:00Z") }); // 7 Dec 01:00 in Bangkok
    signedIn.user = (await person("approver")).ctx.user;
    const ids = async (query: string) => {
      const res = await get("/api/payouts", `credentialId=${m.id}&${query}`);
      expect(res.status, query).toBe(200);
      return ((await res.json()) as { items: { id: number }[] }).items.map((p) => p.id).sort((a, b) => a - b);
    };
    expect(await ids("from=2026-12-06&to=2026-12-06&tz=Asia%2FBangkok")).toEqual([early.id]);
    expect(await ids("from=2026-12-06&to=2026-12-06")).toEqual([late.id]);
    const csv = await (await get("/api/payouts/export", `credentialId=${m.id}&from=2026-12-06&to=2026-12-06&tz=Asia%2FBangkok`)).text();
    expect(csv).toContain(early.orderNo);
    expect(csv).not.toContain(late.orderNo);
    const bad = await get("/api/payouts", "from=2026-12-06&tz=Mars%2FOlympus");
    expect(bad.status).toBe(400);
    expect(Object.keys(((await bad.json()) as { error: { fields: object } }).error.fields)).toEqual(["tz"]);
  });
});
