import { z } from "zod";
import { optionalText, orderFields } from "@/lib/orders/order-fields";
import { findPayoutMethod, getRegion, REGIONS } from "@/lib/smilepayz/regions";
import { parseMajorAmount } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";
import type { RegionCode } from "@/lib/smilepayz/regions/types";
import { PAYOUT_STATUSES } from "@/lib/order-status/transitions";
import { fromNotAfterTo, isoDay, timeZoneParam } from "@/lib/validation/dates";
import { instantIdKey, keysetCursor, pageLimit } from "@/lib/validation/paging";
import { allAtOnce, text, type Issue } from "@/lib/validation/all-at-once";
import { plainText } from "@/lib/validation/text";

export { PAYOUT_STATUSES };

/**
 * The one input of a new pay-out, parsed by the form (zodResolver) and again by POST /api/payouts. Fields are
 * what a person types (amount in ordinary units, "1,500.50"); the output is canonical (amountMinor as bigint,
 * account normalized, method as its wire code). Region rules come from the region files only.
 */
export const REGION_CODES = REGIONS.map((r) => r.code) as [RegionCode, ...RegionCode[]];

const payoutFields = z.object({
  credentialId: orderFields.credentialId,
  region: z.enum(REGION_CODES, { error: "Choose a region" }),
  // Chosen from a list: the region's rule names what to choose (a plain "Enter …" would not fit a list).
  method: z.string({ error: "Choose a method" }).trim().max(32, "At most 32 characters"),
  account: plainText("the account", 128),
  amount: z.string({ error: "Enter an amount" }).trim().max(32, "At most 32 characters"),
  purpose: orderFields.purpose,
  receiverName: optionalText(128),
  taxNumber: optionalText(32),
  network: optionalText(16),
  orderNo: orderFields.orderNo,
});

/** The payee's fields as typed (a pay-out's, a saved beneficiary's): what the region's rules read. */
type PayeeInput = Partial<Record<"region" | "method" | "account" | "receiverName" | "taxNumber" | "network", unknown>>;

/**
 * The region's rules for the payee (method, account, receiver's name, tax number, network): one reading for a
 * pay-out and a saved beneficiary, so both are checked exactly alike. Canonical values, or null when one is wrong.
 */
export function checkPayee(input: PayeeInput, issue: Issue) {
  if (!REGION_CODES.includes(input.region as RegionCode)) return null;
  const region = getRegion(input.region as RegionCode);
  const method = findPayoutMethod(region, text(input.method));
  if (!method) issue("method", `Choose one of the ${region.name} methods`);
  const account = method ? method.normalizeAccount(text(input.account)) : text(input.account);
  const accountError = method?.validateAccount(account);
  if (accountError) issue("account", accountError);
  const p = region.payout;
  const receiverName = text(input.receiverName) || undefined;
  if (p.receiverName && !receiverName) issue("receiverName", "Enter the receiver's name as the bank or wallet knows it");
  let taxNumber = text(input.taxNumber) || undefined;
  if (p.taxNumber) {
    taxNumber = p.taxNumberRule ? p.taxNumberRule.normalize(taxNumber ?? "") : taxNumber;
    const err = !taxNumber ? "Enter the receiver's tax number" : (p.taxNumberRule?.validate(taxNumber) ?? null);
    if (err) issue("taxNumber", err);
  }
  let network: string | undefined = text(input.network).toUpperCase() || undefined;
  if (p.networks) {
    if (!network || !p.networks.includes(network)) issue("network", `Choose ${p.networks.join(" or ")}`);
    else if (!accountError) {
      const err = p.validateAccountForNetwork?.(network, account);
      if (err) issue("account", err);
    }
  } else network = undefined;
  if (!method) return null;
  return {
    region,
    method: method.code,
    account,
    receiverName: p.receiverName ? receiverName : undefined,
    taxNumber: p.taxNumber ? taxNumber : undefined,
    network,
  };
}

/** The region's rules speak in the same parse as the plain fields (allAtOnce): one submit, every message. */
export const createPayoutSchema = allAtOnce(payoutFields, (input, issue) => {
  const payee = checkPayee(input, issue);
  if (!REGION_CODES.includes(input.region as RegionCode)) return null;
  const region = getRegion(input.region as RegionCode);
  const amount = parseMajorAmount(text(input.amount), region);
  if (!amount.ok) issue("amount", amount.error);
  else if (amount.minor < region.payout.minAmount || amount.minor > region.payout.maxAmount) {
    issue("amount", `Between ${formatMoney(region.payout.minAmount, region, { entry: true })} and ${formatMoney(region.payout.maxAmount, region, { entry: true })}`);
  }
  if (!payee || !amount.ok || input.credentialId === undefined || input.purpose === undefined) return null;
  return {
    credentialId: input.credentialId,
    region: region.code,
    currency: region.currency,
    method: payee.method,
    account: payee.account,
    amountMinor: amount.minor,
    purpose: input.purpose,
    receiverName: payee.receiverName,
    taxNumber: payee.taxNumber,
    network: payee.network,
    orderNo: input.orderNo,
  };
});
export type CreatePayoutInput = z.input<typeof createPayoutSchema>;
export type CreatePayout = z.output<typeof createPayoutSchema>;

export const approvePayoutSchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"),
  /** The content hash the approver's screen showed: approving something else is refused. */
  contentHash: z.string().regex(/^[a-f0-9]{64}$/, "Reload the pay-out: what you saw is out of date"),
});
export type ApprovePayoutInput = z.input<typeof approvePayoutSchema>;

/** Approving a selection: one TOTP code for the list of what the approver saw (id and content hash each). */
export const approvePayoutsSchema = z.object({
  code: approvePayoutSchema.shape.code,
  items: z
    .array(z.object({ id: z.coerce.number().int().positive(), contentHash: approvePayoutSchema.shape.contentHash }))
    .min(1, "Select at least one pay-out")
    .max(100, "At most 100 at a time")
    .refine((items) => new Set(items.map((i) => i.id)).size === items.length, "Each pay-out may be listed once"),
});
export type ApprovePayoutsInput = z.input<typeof approvePayoutsSchema>;

export const rejectPayoutSchema = z.object({
  reason: plainText("a reason", 500, 3),
});
export type RejectPayoutInput = z.input<typeof rejectPayoutSchema>;

/** Cancelling a pay-out that waits for approval: the creator, or an admin; the reason goes to the audit log. */
export const cancelPayoutSchema = z.object({
  reason: plainText("a reason", 500, 3),
});
export type CancelPayoutInput = z.input<typeof cancelPayoutSchema>;

/** GET /api/payouts/waiting: the approvals queue, oldest first, one keyset page at a time. */
export const waitingPayoutsSchema = z.object({
  cursor: keysetCursor(instantIdKey),
  limit: pageLimit(100),
});

export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export const listPayoutsSchema = z.object({
  region: z.enum(REGION_CODES).optional(),
  status: z.enum(PAYOUT_STATUSES).optional(),
  credentialId: z.coerce.number().int().positive().optional(),
  createdBy: z.coerce.number().int().positive().optional(),
  /** Days (YYYY-MM-DD), `to` inclusive; real days only (lib/validation/dates.ts); UTC days unless `tz` is given. */
  from: isoDay,
  to: isoDay,
  /** The viewer's IANA zone: `from`/`to` are then the viewer's days. */
  tz: timeZoneParam,
  /** Ordinary units, in the filtered region's currency (needs region). */
  minAmount: z.string().trim().max(32).optional(),
  maxAmount: z.string().trim().max(32).optional(),
  q: z.string().trim().max(64).regex(/^[A-Za-z0-9]*$/, "Letters and digits only").optional(),
  cursor: keysetCursor(instantIdKey),
  limit: pageLimit(50),
  /** newest first (default), or oldest first: the approvals queue. */
  order: z.enum(["newest", "oldest"]).default("newest"),
}).refine(...fromNotAfterTo);
export type ListPayoutsInput = z.input<typeof listPayoutsSchema>;

/** GET /api/payouts/balance: the pay-out account of a credential, in a region's currency. */
export const payoutBalanceSchema = z.object({
  credentialId: z.coerce.number().int().positive("Choose a merchant credential"),
  region: z.enum(REGION_CODES, { error: "Choose a region" }),
});
