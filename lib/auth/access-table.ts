import type { Permission } from "./permissions";

/**
 * Every route handler and page, with the permission it needs. `public` needs nothing; `signed-in` needs a
 * session only. The route wrapper (lib/api/route.ts) and the page guard read this table, the navigation is
 * built from it, and tests/auth/access-matrix tests are generated from it. A route file whose key is missing
 * here does not type-check, and a route file missing from the table fails the coverage test.
 */
export type Access = Permission | "public" | "signed-in";

export const ROUTE_ACCESS = {
  "GET /api/health": "public",
} as const satisfies Record<string, Access>;

export type RouteKey = keyof typeof ROUTE_ACCESS;

export const PAGE_ACCESS = {
  "/sign-in": "public",
} as const satisfies Record<string, Access>;

export type PagePath = keyof typeof PAGE_ACCESS;
