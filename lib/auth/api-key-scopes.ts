/**
 * What an API key may do, as data (pure module: the admin page reads the labels). A route reachable by key names
 * its scope in apiRoute's options; a route that names none is never reachable by key.
 */
export const API_SCOPES = ["payouts:write", "payouts:read", "payins:write", "payins:read", "orders:read"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  "payouts:write": "Create pay-outs",
  "payouts:read": "See pay-outs",
  "payins:write": "Create pay-ins",
  "payins:read": "See pay-ins",
  "orders:read": "Look up orders",
};

/** Scopes that create money movements: a key holding one works only after a second admin approves it. */
export const MONEY_SCOPES: readonly ApiScope[] = ["payouts:write", "payins:write"];

export const needsFourEyes = (scopes: readonly string[]): boolean => scopes.some((s) => (MONEY_SCOPES as readonly string[]).includes(s));

/** Every secret starts `spz_<prefix>_`: the prefix is public (lists, logs of the key's use) and finds the key. */
export const SECRET_PREFIX = "spz_";
export const SECRET_RE = /^spz_([a-z2-7]{10})_([A-Za-z0-9_-]{43})$/;
