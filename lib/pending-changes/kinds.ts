import { can, PERMISSIONS, type Permission, type Role } from "@/lib/auth/permissions";
import type { PendingKind } from "./kind-names";

export { PENDING_KINDS, type PendingKind } from "./kind-names";

/**
 * What needs four eyes, as data (pure module: the UI reads the labels). A change that weakens a money control is
 * requested by one admin and applied only when another admin approves; a change that tightens applies at once.
 */
export const PENDING_KIND_LABELS: Record<PendingKind, string> = {
  approval_thresholds: "Raise approval thresholds",
  user_create: "Add a user with a money role",
  user_update: "Change a user's role, merchants or reveal permission",
  user_disable: "Disable an admin",
  user_enable: "Enable a user with a money role again",
  credential_create: "Add a credential",
  credential_update: "Change a credential's keys or URLs",
  credential_key_pair: "Replace a credential's key pair",
  api_key_activate: "Activate an API key that can create pay-outs or pay-ins",
};

/** Roles that move money or control who does: granting one, or widening its merchants, needs a second admin. */
export const MONEY_ROLES: readonly Role[] = ["admin", "approver", "finance"];

/** Does moving from `from` to `to` give a money role a permission it did not have? (approver → finance does not.) */
export function grantsMoneyPower(from: Role | null, to: Role): boolean {
  if (!MONEY_ROLES.includes(to) || from === to) return false;
  return (Object.keys(PERMISSIONS) as Permission[]).some((p) => can(to, p) && !can(from, p));
}

/**
 * Changing an admin's role (to anything else) takes a decider away: it waits for another admin, as a grant does.
 * Shared by the server and the user editor's confirmation.
 */
export function roleChangeNeedsFourEyes(from: Role, to: Role): boolean {
  return from !== to && (from === "admin" || grantsMoneyPower(from, to));
}

/** Disabling an admin waits for another admin; disabling anyone else applies at once (it only tightens). */
export const disableNeedsFourEyes = (role: Role): boolean => role === "admin";

/** Enabling a disabled user with a money role gives that power back: it waits for another admin. */
export const enableNeedsFourEyes = (role: Role): boolean => MONEY_ROLES.includes(role);

/**
 * A change needs a second admin to approve it, so the app keeps at least this many enabled admins: a change that
 * would leave fewer is refused, and an overview with fewer says so (README, "Bootstrap").
 */
export const MIN_ACTIVE_ADMINS = 2;

/** Said in every confirmation of such a change. */
export const FOUR_EYES_SENTENCE = "This will take effect only after another admin approves it.";

/** The answer of a verb whose change waits for a second admin. */
export interface PendingChangeRef {
  id: number;
  kind: PendingKind;
  summary: string;
  message: string;
}
