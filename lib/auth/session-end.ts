/**
 * Why a session ended, stored on its row (`sessions.revoked_reason`) and told on the sign-in page
 * (`/sign-in?reason=…`). Pure module: the sign-in page reads the messages.
 */
export const SESSION_END_REASONS = ["idle", "disabled", "role_changed", "ended_elsewhere", "password_changed", "two_factor_reset", "expired"] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export const SESSION_END_MESSAGES: Record<SessionEndReason, string> = {
  idle: "You were signed out because nobody used this browser for 15 minutes.",
  disabled: "You were signed out because an admin disabled your account.",
  role_changed: "You were signed out because an admin changed your role. Sign in again to continue with your new role.",
  ended_elsewhere: "You were signed out because this session was ended from another session (My account → Sessions).",
  password_changed: "You were signed out because your password was changed in another session.",
  two_factor_reset: "You were signed out because an admin reset your two-factor sign-in.",
  expired: "You were signed out because a session lasts at most 12 hours.",
};

export function isSessionEndReason(v: unknown): v is SessionEndReason {
  return typeof v === "string" && (SESSION_END_REASONS as readonly string[]).includes(v);
}
