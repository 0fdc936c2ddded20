import { can, PERMISSIONS, type Permission, type Role } from "@/lib/auth/permissions";

/**
 * What needs four eyes, as data (pure module: the UI reads the labels). A change that weakens a money control is
 * requested by one admin and applied only when another admin approves; a change that tightens applies at once.
 */
export const PENDING_KINDS = ["approval_thresholds", "user_create", "user_update", "credential_update", "credential_key_pair"] as const;
export type PendingKind = (typeof PENDING_KINDS)[number];

export const PENDING_KIND_LABELS: Record<PendingKind, string> = {
  approval_thresholds: "Raise approval thresholds",
  user_create: "Add a user with a money role",
  user_update: "Grant a money role or more merchants",
  credential_update: "Change a credential's keys or URLs",
  credential_key_pair: "Replace a credential's key pair",
};

/** Roles that move money or control who does: granting one, or widening its merchants, needs a second admin. */
export const MONEY_ROLES: readonly Role[] = ["admin", "approver", "finance"];

/** Does moving from `from` to `to` give a money role a permission it did not have? (approver → finance does not.) */
export function grantsMoneyPower(from: Role | null, to: Role): boolean {
  if (!MONEY_ROLES.includes(to) || from === to) return false;
  return (Object.keys(PERMISSIONS) as Permission[]).some((p) => can(to, p) && !can(from, p));
}

/** Said in every confirmation of such a change. */
export const FOUR_EYES_SENTENCE = "This will take effect only after another admin approves it.";

/** The answer of a verb whose change waits for a second admin. */
export interface PendingChangeRef {
  id: number;
  kind: PendingKind;
  summary: string;
  message: string;
}
