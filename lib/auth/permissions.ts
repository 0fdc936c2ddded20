/**
 * The one permission table. Every page, route handler and navigation entry asks `can(role, permission)`;
 * lib/auth/access-table.ts maps each route and page to one of these permissions, and the access-matrix test
 * is generated from that table. Pure module: the navigation (a client component) reads it too.
 */

export const ROLES = ["admin", "approver", "finance", "support"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  approver: "Approver",
  finance: "Finance",
  support: "Support",
};

/** The role as a noun in a sentence, with its article: "… with what an approver may do". */
export const ROLE_NOUNS: Record<Role, string> = {
  admin: "an admin",
  approver: "an approver",
  finance: "a finance user",
  support: "a support user",
};

export const PERMISSIONS = {
  /** Any signed-in user: own account, password, two-factor. */
  "account.self": ["admin", "approver", "finance", "support"],
  /** Names and environments of the merchants a user may see (never secrets). */
  "merchants.list": ["admin", "approver", "finance", "support"],
  "users.manage": ["admin"],
  "credentials.manage": ["admin"],
  "settings.manage": ["admin"],
  "audit.read": ["admin"],
  /** Approve or reject another admin's change that weakens a money control (four eyes). */
  "changes.review": ["admin"],
  "payouts.read": ["approver", "finance", "support"],
  "payouts.create": ["approver", "finance"],
  "payouts.approve": ["approver"],
  /** The approvals queue: approvers decide there; admins see what waits, to cancel what nobody may approve. */
  "approvals.read": ["admin", "approver"],
  /** Cancel a pay-out still waiting for approval: its creator, or (with payouts.cancel_any) an admin. */
  "payouts.cancel": ["admin", "approver", "finance"],
  "payouts.cancel_any": ["admin"],
  "payins.read": ["approver", "finance", "support"],
  "payins.create": ["approver", "finance"],
  "orders.lookup": ["approver", "finance", "support"],
  /**
   * One order's page, read-only (facts, masked values, timeline): admins reach it from the callback log and the
   * approvals queue. Notes, reveal and the customer summary stay orders.lookup; nothing on it moves money.
   */
  "orders.read": ["admin", "approver", "finance", "support"],
  /** The callback log: every callback received, refused ones too (support sees account numbers masked). */
  "callbacks.read": ["admin", "support"],
  /** Re-apply a stored verified callback, resolve a flagged conflict. */
  "callbacks.manage": ["admin"],
  /** "Check status now": ask the gateway once about an open order (the answer goes on its timeline). */
  "orders.check_status": ["admin", "approver", "finance", "support"],
  /** Saved beneficiaries (payees): see them (masked per orders.unmasked), add and edit them, verify new details. */
  "beneficiaries.read": ["approver", "finance", "support"],
  "beneficiaries.write": ["approver", "finance"],
  /** Verify or reject new or changed bank details: never the person who entered them (four eyes). */
  "beneficiaries.verify": ["approver"],
  /** Full beneficiary account numbers and tax ids; others see them masked. */
  "orders.unmasked": ["approver", "finance"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Roles that can move money or keys must use two-factor sign-in; the others (support) may opt in. */
export const TOTP_REQUIRED_ROLES: readonly Role[] = ["admin", "approver", "finance"];

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
