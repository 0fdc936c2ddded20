import { z } from "zod";
import { hostKind } from "@/lib/merchants/gateway-url";
import { ORDER_NO_RE } from "@/lib/smilepayz/order-no";
import { findPayoutMethod, getRegion, REGIONS } from "@/lib/smilepayz/regions";
import { parseMajorAmount } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";
import type { RegionCode } from "@/lib/smilepayz/regions/types";
import { PAYIN_TRANSITIONS } from "@/lib/orders/transitions";
import { fromNotAfterTo, isoDay, timeZoneParam } from "@/lib/validation/dates";
import { instantIdKey, keysetCursor, pageLimit } from "@/lib/validation/paging";
import { hasControlChars, plainText } from "@/lib/validation/text";

/** Regions that take pay-ins (a region file with a `payin` block): Thailand today. */
export const PAYIN_REGION_CODES = REGIONS.filter((r) => r.payin !== null).map((r) => r.code) as [RegionCode, ...RegionCode[]];
export const PAYIN_STATUSES = Object.keys(PAYIN_TRANSITIONS) as [keyof typeof PAYIN_TRANSITIONS, ...(keyof typeof PAYIN_TRANSITIONS)[]];
/** The shortest expiry the app asks for: shorter would expire before the payer could scan. */
export const MIN_EXPIRY_SECONDS = 60;

/** Why the payer's browser must not be sent to this URL, or null. */
export function redirectUrlProblem(value: string): string | null {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return "Enter a full URL, such as https://shop.example.com/thanks";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "Only http:// or https:// addresses";
  if (u.username || u.password) return "An address cannot contain a user name or password";
  if (hostKind(u.hostname) !== "public") return "This address is internal (private network or this machine): use a public address";
  return null;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .refine((v) => !hasControlChars(v), "Remove control characters (tabs, line breaks, NUL)")
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v));

/**
 * The one input of a new pay-in, parsed by the form (zodResolver) and again by POST /api/payins. Amount in ordinary
 * units ("1,500"); the output is canonical (amountMinor as bigint, payer account normalized). Method limits, banks
 * and the expiry range come from the region file only.
 */
export const createPayinSchema = z
  .object({
    credentialId: z.coerce.number({ error: "Choose a merchant credential" }).int().positive("Choose a merchant credential"),
    region: z.enum(PAYIN_REGION_CODES, { error: "Choose a region that takes pay-ins" }),
    method: plainText("the payment method", 16),
    amount: z.string({ error: "Enter an amount" }).trim().max(32, "At most 32 characters"),
    purpose: plainText("a purpose", 64),
    payerName: plainText("the payer's name", 128),
    payerBank: plainText("the payer's bank", 16),
    payerAccount: plainText("the payer's account number", 32),
    expirySeconds: z.union([z.string(), z.number()]).optional(),
    redirectUrl: optionalText(256).refine((v) => v === undefined || redirectUrlProblem(v) === null, { message: "Use a public http(s) address" }),
    orderNo: optionalText(32).refine((v) => v === undefined || ORDER_NO_RE.test(v), "6-32 letters and digits"),
  })
  .transform((input, ctx) => {
    const region = getRegion(input.region);
    const payin = region.payin;
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (!payin) {
      issue("region", `${region.name} takes no pay-ins`);
      return z.NEVER;
    }
    const method = payin.methods.find((m) => m.code === input.method.toUpperCase());
    if (!method) issue("method", `Choose ${payin.methods.map((m) => m.code).join(" or ")}`);
    const amount = parseMajorAmount(input.amount, region);
    if (!amount.ok) issue("amount", amount.error);
    else if (method && (amount.minor < method.minAmount || amount.minor > method.maxAmount)) {
      issue("amount", `${method.name}: between ${formatMoney(method.minAmount, region, { entry: true })} and ${formatMoney(method.maxAmount, region, { entry: true })}`);
    }
    const bank = findPayoutMethod(region, input.payerBank.toUpperCase());
    if (!bank || bank.kind !== "bank") issue("payerBank", `Choose one of the ${region.name} banks`);
    const account = bank ? bank.normalizeAccount(input.payerAccount) : input.payerAccount;
    const accountError = bank?.validateAccount(account);
    if (accountError) issue("payerAccount", accountError);
    const limits = payin.expiryPeriod ?? { defaultSeconds: 3600, maxSeconds: 86_400 };
    const rawExpiry = input.expirySeconds === undefined || input.expirySeconds === "" ? limits.defaultSeconds : Number(input.expirySeconds);
    if (!Number.isInteger(rawExpiry) || rawExpiry < MIN_EXPIRY_SECONDS || rawExpiry > limits.maxSeconds) {
      issue("expirySeconds", `Whole seconds from ${MIN_EXPIRY_SECONDS} to ${limits.maxSeconds.toLocaleString("en-US")}`);
    }
    if (input.redirectUrl) {
      const problem = redirectUrlProblem(input.redirectUrl);
      if (problem) issue("redirectUrl", problem);
    }
    if (!method || !amount.ok || !bank) return z.NEVER;
    return {
      credentialId: input.credentialId,
      region: region.code,
      currency: region.currency,
      method: method.code,
      amountMinor: amount.minor,
      purpose: input.purpose,
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
