/**
 * Postgres error codes, looked for on the error and on its `cause` (drizzle wraps driver errors in
 * DrizzleQueryError). Let the database refuse duplicates, then translate here.
 */
export function pgErrorCode(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

export function pgConstraint(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const name = (e as { constraint_name?: unknown; constraint?: unknown }).constraint_name ?? (e as { constraint?: unknown }).constraint;
    if (typeof name === "string") return name;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * The database cannot be reached or is going away (restart, failover): refused or dropped connections, postgres.js's
 * own connection errors, and PostgreSQL's shutdown / starting-up codes (57P01-57P03, class 08). Worth a 503, not a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || /^08/.test(code))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
const UNAVAILABLE_CODES = new Set([
  "57P01", "57P02", "57P03", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT",
  "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT",
]);

export const isUniqueViolation = (err: unknown) => pgErrorCode(err) === "23505";
export const isForeignKeyViolation = (err: unknown) => pgErrorCode(err) === "23503";

/** Which input field a unique constraint is about (for a 409 with `fields`). */
const CONSTRAINT_FIELDS: Record<string, string> = {
  users_email_lower: "email",
  merchants_merchant_id_unique: "merchantId",
  merchant_accounts_currency_kind: "accounts",
  sub_merchants_merchant_sub: "subMerchants",
  payouts_merchant_order_no: "orderNo",
  payins_merchant_order_no: "orderNo",
  payouts_idempotency: "idempotencyKey",
  approval_thresholds_merchant_currency: "currency",
  user_merchants_user_id_merchant_id_pk: "merchantIds",
};

export function constraintField(err: unknown): string | null {
  const name = pgConstraint(err);
  return name ? (CONSTRAINT_FIELDS[name] ?? null) : null;
}
