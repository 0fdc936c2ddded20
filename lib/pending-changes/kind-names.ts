/**
 * The kinds of change that wait for a second admin (pure module, no imports: the database's check constraint is
 * derived from this list, and drizzle-kit reads it without the app's path aliases).
 */
export const PENDING_KINDS = [
  "approval_thresholds",
  "user_create",
  "user_update",
  "user_disable",
  "user_enable",
  "credential_create",
  "credential_update",
  "credential_key_pair",
  "api_key_activate",
] as const;
export type PendingKind = (typeof PENDING_KINDS)[number];
