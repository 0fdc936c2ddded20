import { can, type Permission, type Role } from "./permissions";

/** The navigation, as data. Each entry is shown only to roles that hold its permission. Pure module. */
export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Overview", permission: "account.self" },
  { href: "/payouts", label: "Pay-outs", permission: "payouts.read" },
  { href: "/payouts/runs", label: "Runs", permission: "payouts.read" },
  { href: "/payins", label: "Pay-ins", permission: "payins.read" },
  { href: "/approvals", label: "Approvals", permission: "approvals.read" },
  { href: "/beneficiaries", label: "Beneficiaries", permission: "beneficiaries.read" },
  { href: "/orders", label: "Orders", permission: "orders.lookup" },
  { href: "/statements", label: "Statements", permission: "payouts.read" },
  { href: "/merchants", label: "Merchant credentials", permission: "credentials.manage" },
  { href: "/users", label: "Users", permission: "users.manage" },
  { href: "/changes", label: "Pending changes", permission: "changes.review" },
  { href: "/callbacks", label: "Callbacks", permission: "callbacks.read" },
  { href: "/audit", label: "Audit log", permission: "audit.read" },
  { href: "/account", label: "My account", permission: "account.self" },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => can(role, item.permission));
}

/**
 * Pages reached from another page rather than the header (which must stay one line): what the merchant's own
 * systems use, listed on the Merchant credentials page.
 */
export const SUB_PAGES: readonly (NavItem & { under: string; says: string })[] = [
  { href: "/webhooks", label: "Webhooks", permission: "credentials.manage", under: "/merchants", says: "order events sent to the merchant's own systems" },
  { href: "/api-keys", label: "API keys", permission: "credentials.manage", under: "/merchants", says: "machines that call this API without a person" },
];

export function subPagesFor(role: Role, under?: string): (typeof SUB_PAGES)[number][] {
  return SUB_PAGES.filter((p) => can(role, p.permission) && (under === undefined || p.under === under));
}
