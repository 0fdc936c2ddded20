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
  "GET /api/auth/[...nextauth]": "public",
  "POST /api/auth/[...nextauth]": "public",
  "POST /api/account/password": "signed-in",
  "POST /api/account/two-factor/start": "signed-in",
  "POST /api/account/two-factor/confirm": "signed-in",
  "POST /api/account/recovery-codes": "signed-in",
  "GET /api/account/sessions": "signed-in",
  "POST /api/account/sessions/[id]/end": "signed-in",
  "POST /api/account/sessions/end-others": "signed-in",
  // The tab reports a person's input: only that (and page loads) keeps a session from idling.
  "POST /api/account/activity": "signed-in",
  // The header's bell: what waits for this person (counts per role).
  "GET /api/notifications": "signed-in",
  "GET /api/users": "users.manage",
  "POST /api/users": "users.manage",
  "PATCH /api/users/[id]": "users.manage",
  "POST /api/users/[id]/disable": "users.manage",
  "POST /api/users/[id]/enable": "users.manage",
  "POST /api/users/[id]/reset-two-factor": "users.manage",
  "GET /api/audit": "audit.read",
  "GET /api/audit/export": "audit.read",
  "GET /api/merchants": "credentials.manage",
  "POST /api/merchants": "credentials.manage",
  "GET /api/merchants/options": "merchants.list",
  "GET /api/merchants/[id]": "credentials.manage",
  "PUT /api/merchants/[id]": "credentials.manage",
  "POST /api/merchants/[id]/key-pair": "credentials.manage",
  "GET /api/merchants/[id]/public-key": "credentials.manage",
  "POST /api/merchants/[id]/test-connection": "credentials.manage",
  "GET /api/merchants/[id]/approval-thresholds": "credentials.manage",
  "PUT /api/merchants/[id]/approval-thresholds": "credentials.manage",
  "GET /api/orders": "orders.lookup",
  "GET /api/orders/export": "orders.lookup",
  "POST /api/orders/[type]/[id]/reveal": "orders.lookup",
  "POST /api/orders/[type]/[id]/notes": "orders.lookup",
  "GET /api/saved-searches": "orders.lookup",
  "POST /api/saved-searches": "orders.lookup",
  "DELETE /api/saved-searches/[id]": "orders.lookup",
  "GET /api/payouts": "payouts.read",
  "POST /api/payouts": "payouts.create",
  /** One order with its story, for its page: every role that reads orders (admins too: the page gives them no money control). */
  "GET /api/payouts/[id]": "orders.read",
  "GET /api/payouts/export": "payouts.read",
  "GET /api/payouts/balance": "payouts.create",
  "POST /api/payouts/approval-need": "payouts.create",
  "POST /api/payouts/approve": "payouts.approve",
  "POST /api/payouts/[id]/approve": "payouts.approve",
  "POST /api/payouts/[id]/reject": "payouts.approve",
  "POST /api/payouts/[id]/cancel": "payouts.cancel",
  "POST /api/payouts/[id]/check-status": "orders.check_status",
  "POST /api/payins/[id]/check-status": "orders.check_status",
  "GET /api/payouts/waiting": "approvals.read",
  "GET /api/payins": "payins.read",
  "POST /api/payins": "payins.create",
  "GET /api/payins/[id]": "orders.read",
  "GET /api/payins/export": "payins.read",
  "POST /api/payins/[id]/payer-link": "payins.create",
  "POST /api/payins/[id]/payer-link/revoke": "payins.create",
  // The payer's live status: public, scoped to the one pay-in its unguessable token names.
  "GET /api/pay/[token]/events": "public",
  "POST /api/callbacks/smilepayz": "public",
  "GET /api/callbacks": "callbacks.read",
  "POST /api/callbacks/[id]/reapply": "callbacks.manage",
  "POST /api/callbacks/[id]/resolve": "callbacks.manage",
  "GET /api/payout-batches": "payouts.read",
  "POST /api/payout-batches": "payouts.create",
  "GET /api/payout-batches/template": "payouts.create",
  "GET /api/payout-batches/recent": "payouts.create",
  "POST /api/payout-batches/approval-need": "payouts.create",
  "GET /api/payout-batches/[id]": "payouts.read",
  "GET /api/payout-batches/[id]/result.csv": "payouts.read",
  "GET /api/payout-batches/[id]/failed-rows": "payouts.read",
  "POST /api/payout-batches/[id]/pay-failed-again": "payouts.create",
  "POST /api/payout-batches/[id]/approve": "payouts.approve",
  "POST /api/payout-batches/[id]/reject": "payouts.approve",
  "POST /api/payout-batches/[id]/cancel": "payouts.cancel",
  "POST /api/payout-batches/[id]/pause": "payouts.cancel",
  "POST /api/payout-batches/[id]/resume": "payouts.cancel",
  "GET /api/beneficiaries": "beneficiaries.read",
  "POST /api/beneficiaries": "beneficiaries.write",
  "GET /api/beneficiaries/[id]": "beneficiaries.read",
  "PATCH /api/beneficiaries/[id]": "beneficiaries.write",
  "POST /api/beneficiaries/[id]/approve": "beneficiaries.verify",
  "POST /api/beneficiaries/[id]/reject": "beneficiaries.verify",
  "POST /api/beneficiaries/[id]/archive": "beneficiaries.write",
  "GET /api/events": "payouts.read",
  "GET /api/dashboard": "payouts.read",
  "GET /api/dashboard/balances": "payouts.read",
  "GET /api/pending-changes": "changes.review",
  // API keys for machines: admins create, revoke and roll them; activating a money key waits for another admin.
  "GET /api/api-keys": "credentials.manage",
  "POST /api/api-keys": "credentials.manage",
  "POST /api/api-keys/[id]/revoke": "credentials.manage",
  "POST /api/api-keys/[id]/roll": "credentials.manage",
  // The OpenAPI 3.1 document of the API (lib/openapi): what any signed-in person may read on /docs/api.
  "GET /api/openapi.json": "signed-in",
  "POST /api/pending-changes/[id]/approve": "changes.review",
  "POST /api/pending-changes/[id]/reject": "changes.review",
} as const satisfies Record<string, Access>;

export type RouteKey = keyof typeof ROUTE_ACCESS;

/** Routes a user may call before finishing set-up (forced password change, two-factor enrolment). */
export const SETUP_ROUTES: ReadonlySet<RouteKey> = new Set<RouteKey>([
  "POST /api/account/password",
  "POST /api/account/two-factor/start",
  "POST /api/account/two-factor/confirm",
  "POST /api/account/activity",
]);

export const PAGE_ACCESS = {
  "/sign-in": "public",
  "/": "signed-in",
  "/account": "account.self",
  "/account/password": "signed-in",
  "/account/two-factor": "signed-in",
  "/orders": "orders.lookup",
  /** The older addresses of an order's page: they redirect to /payouts/[id] and /payins/[id]. */
  "/orders/payout/[id]": "orders.read",
  "/orders/payin/[id]": "orders.read",
  "/payouts": "payouts.read",
  "/payouts/new": "payouts.create",
  /** One order's page, for every role that reads orders; its actions and the kind's own part by permission. */
  "/payouts/[id]": "orders.read",
  "/payins": "payins.read",
  "/payins/new": "payins.create",
  "/payins/[id]": "orders.read",
  "/pay/[token]": "public",
  "/payouts/runs": "payouts.read",
  "/payouts/runs/new": "payouts.create",
  "/payouts/runs/[id]": "payouts.read",
  "/approvals": "approvals.read",
  "/beneficiaries": "beneficiaries.read",
  "/beneficiaries/new": "beneficiaries.write",
  "/beneficiaries/[id]": "beneficiaries.read",
  "/beneficiaries/[id]/edit": "beneficiaries.write",
  "/merchants": "credentials.manage",
  "/users": "users.manage",
  "/audit": "audit.read",
  "/changes": "changes.review",
  "/callbacks": "callbacks.read",
  "/api-keys": "credentials.manage",
  "/docs/api": "signed-in",
} as const satisfies Record<string, Access>;

export type PagePath = keyof typeof PAGE_ACCESS;
