import { z } from "zod";
import { optionalText, orderFields } from "@/lib/orders/order-fields";
import { hostKind, webUrl } from "@/lib/merchants/gateway-url";
import { findPayoutMethod, getRegion, REGIONS } from "@/lib/smilepayz/regions";
import { parseMajorAmount } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";
import type { RegionCode } from "@/lib/smilepayz/regions/types";
import { PAYIN_TRANSITIONS } from "@/lib/order-status/transitions";
import { fromNotAfterTo, isoDay, timeZoneParam } from "@/lib/validation/dates";
import { instantIdKey, keysetCursor, pageLimit } from "@/lib/validation/paging";
import { allAtOnce, text } from "@/lib/validation/all-at-once";
import { plainText } from "@/lib/validation/text";

/** Regions that take pay-ins (a region file with a `payin` block): Thailand today. */
export const PAYIN_REGION_CODES = REGIONS.filter((r) => r.payin !== null).map((r) => r.code) as [RegionCode, ...RegionCode[]];
export const PAYIN_STATUSES = Object.keys(PAYIN_TRANSITIONS) as [keyof typeof PAYIN_TRANSITIONS, ...(keyof typeof PAYIN_TRANSITIONS)[]];
/** The shortest expiry the app asks for: shorter would expire before the payer could scan. */
export const MIN_EXPIRY_SECONDS = 60;
/** The units a person chooses the expiry in (the API may still send `expirySeconds`). */
export const EXPIRY_UNITS = { minutes: 60, hours: 3600 } as const;
export type ExpiryUnit = keyof typeof EXPIRY_UNITS;

/** "1 hour", "90 minutes": the limits as a person reads them. */
function limitWords(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
  return `${Math.round(seconds / 60)} minutes`;
}

/** Why the payer's browser must not be sent to this URL, or null. */
export function redirectUrlProblem(value: string): string | null {
  const u = webUrl(value, { example: "https://shop.example.com/thanks", protocol: "Only http:// or https:// addresses", noun: "An address" });
  if (typeof u === "string") return u;
  if (hostKind(u.hostname) !== "public") return "This address is internal (private network or this machine): use a public address";
  return null;
}

/** The payer-facing description's length: a line or two on a phone. */
export const PAYER_DESCRIPTION_MAX = 200;

const payinFields = z.object({
  credentialId: orderFields.credentialId,
  region: z.enum(PAYIN_REGION_CODES, { error: "Choose a region that takes pay-ins" }),
  // Chosen from lists: the region's rule names what to choose (a plain "Enter …" would not fit a list).
  method: z.string({ error: "Choose a method" }).trim().max(16, "At most 16 characters"),
  amount: z.string({ error: "Enter an amount" }).trim().max(32, "At most 32 characters"),
  purpose: orderFields.purpose,
  /** What the payer's page says the payment is for; the purpose (staff's words, sent to the gateway) never shows there. */
  payerDescription: optionalText(PAYER_DESCRIPTION_MAX),
  payerName: plainText("the payer's name", 128),
  payerBank: z.string({ error: "Choose the payer's bank" }).trim().max(16, "At most 16 characters"),
  payerAccount: plainText("the payer's account number", 32),
  expirySeconds: z.union([z.string(), z.number()]).optional(),
  /** The form's way: a whole number of minutes or hours (used when expirySeconds is not given). */
  expiryAmount: z.union([z.string(), z.number()]).optional(),
  expiryUnit: z.enum(Object.keys(EXPIRY_UNITS) as [ExpiryUnit, ...ExpiryUnit[]], { error: "Choose minutes or hours" }).optional(),
  redirectUrl: optionalText(256).refine((v) => v === undefined || redirectUrlProblem(v) === null, { message: "Use a public http(s) address" }),
  orderNo: orderFields.orderNo,
});

/**
 * The one input of a new pay-in, parsed by the form (zodResolver) and again by POST /api/payins. Amount in ordinary
 * units ("1,500"); the output is canonical (amountMinor as bigint, payer account normalized). Method limits, banks
 * and the expiry range come from the region file only; their messages come with the plain fields' (allAtOnce).
 */
export const createPayinSchema = allAtOnce(payinFields, (input, issue) => {
  if (!PAYIN_REGION_CODES.includes(input.region as RegionCode)) return null;
  const region = getRegion(input.region as RegionCode);
  const payin = region.payin;
  if (!payin) {
    issue("region", `${region.name} takes no pay-ins`);
    return null;
  }
  const method = payin.methods.find((m) => m.code === text(input.method).toUpperCase());
  if (!method) issue("method", `Choose ${payin.methods.map((m) => m.code).join(" or ")}`);
  const amount = parseMajorAmount(text(input.amount), region);
  if (!amount.ok) issue("amount", amount.error);
  else if (method && (amount.minor < method.minAmount || amount.minor > method.maxAmount)) {
    issue("amount", `${method.name}: between ${formatMoney(method.minAmount, region, { entry: true })} and ${formatMoney(method.maxAmount, region, { entry: true })}`);
  }
  const bank = findPayoutMethod(region, text(input.payerBank).toUpperCase());
  if (!bank || bank.kind !== "bank") issue("payerBank", `Choose one of the ${region.name} banks`);
  const account = bank ? bank.normalizeAccount(text(input.payerAccount)) : text(input.payerAccount);
  const accountError = bank?.validateAccount(account);
  if (accountError) issue("payerAccount", accountError);
  const limits = payin.expiryPeriod ?? { defaultSeconds: 3600, maxSeconds: 86_400 };
  const given = (v: string | number | undefined) => v !== undefined && String(v).trim() !== "";
  const bySeconds = given(input.expirySeconds) || !given(input.expiryAmount);
  const amountOfUnit = Number(String(input.expiryAmount ?? "").trim());
  const rawExpiry = given(input.expirySeconds)
    ? Number(input.expirySeconds)
    : given(input.expiryAmount)
      ? Number.isInteger(amountOfUnit) ? amountOfUnit * EXPIRY_UNITS[input.expiryUnit ?? "minutes"] : Number.NaN
      : limits.defaultSeconds;
  if (!Number.isInteger(rawExpiry) || rawExpiry < MIN_EXPIRY_SECONDS || rawExpiry > limits.maxSeconds) {
    if (bySeconds) issue("expirySeconds", `Whole seconds from ${MIN_EXPIRY_SECONDS} to ${limits.maxSeconds.toLocaleString("en-US")}`);
    else issue("expiryAmount", `A whole number of minutes or hours, from 1 minute to ${limitWords(limits.maxSeconds)}`);
  }
  const redirectUrl = text(input.redirectUrl);
  if (redirectUrl) {
    const problem = redirectUrlProblem(redirectUrl);
    if (problem) issue("redirectUrl", problem);
  }
  if (!method || !amount.ok || !bank || input.credentialId === undefined || input.purpose === undefined) return null;
  if (input.payerName === undefined) return null;
  return {
    credentialId: input.credentialId,
    region: region.code,
    currency: region.currency,
    method: method.code,
    amountMinor: amount.minor,
    purpose: input.purpose,
    payerDescription: input.payerDescription,
    payerName: input.payerName,
    payerBank: bank.code,
    payerAccount: account,
    expirySeconds: rawExpiry,
    redirectUrl: input.redirectUrl,
    orderNo: input.orderNo,
  };
});
export type CreatePayinInput = z.input<typeof createPayinSchema>;
export type CreatePayin = z.output<typeof createPayinSchema>;

export const listPayinsSchema = z
  .object({
    region: z.enum(PAYIN_REGION_CODES).optional(),
    status: z.enum(PAYIN_STATUSES).optional(),
    method: z.string().trim().max(16).regex(/^[A-Za-z]*$/).optional(),
    credentialId: z.coerce.number().int().positive().optional(),
    from: isoDay,
    to: isoDay,
    tz: timeZoneParam,
    q: z.string().trim().max(64).regex(/^[A-Za-z0-9]*$/, "Letters and digits only").optional(),
    cursor: keysetCursor(instantIdKey),
    limit: pageLimit(50),
  })
  .refine(...fromNotAfterTo);
export type ListPayinsInput = z.input<typeof listPayinsSchema>;

/** The payer page's token: 43 base64url characters (32 random bytes). Anything else is not a token. */
export const PAYER_TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
