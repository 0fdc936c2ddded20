import { z } from "zod";
import { plainText } from "@/lib/validation/text";
import { REGIONS, type Currency, type Region } from "@/lib/smilepayz/regions";
import { parseMajorAmount } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";
import { ENVIRONMENTS } from "@/lib/smilepayz/hosts";
import { callbackUrlShapeProblem } from "./callback-url";
import { gatewayUrlShapeProblem } from "./gateway-url";
import { publicKeyProblem } from "./key-shape";

/**
 * Inputs of the merchant credentials page: one schema each, used by the form and parsed again by the route.
 * Key *shape* is checked here (PEM armour or Base64, nothing around it; for the platform key, an RSA public key's
 * structure too); the server then parses the keys for real and reports on the same field.
 */

/** A base URL of `max` characters, without its trailing slashes: its shape here, the server's rules on the same field. */
function baseUrl(max: number, shapeProblem: (v: string) => string | null) {
  return z
    .string()
    .trim()
    .min(1, "Enter a URL")
    .max(max, `At most ${max} characters`)
    .superRefine((v, ctx) => {
      const problem = shapeProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform((v) => v.replace(/\/+$/, ""));
}

/** A gateway base URL: the server adds the allow-list. */
export const gatewayBaseUrl = baseUrl(256, gatewayUrlShapeProblem);

/** A callback base URL: the server adds the app's own origin and the allow-list. */
export const callbackBaseUrl = baseUrl(200, callbackUrlShapeProblem);

const PEM_OR_B64 = /^(-----BEGIN ([A-Z ]+)-----[\sA-Za-z0-9+/=]+-----END \2-----|[A-Za-z0-9+/=\s]+)$/;

/**
 * "" (left empty) or what `schema` accepts, with the schema's own message when it refuses. (A union with "" would
 * report the first alternative's words, "Invalid input: expected \"\"", on the field.)
 */
function emptyOr<O>(schema: z.ZodType<O, string>) {
  return z.string({ error: "Enter text" }).transform((v, ctx): O | "" => {
    if (v.trim() === "") return "";
    const parsed = schema.safeParse(v);
    if (parsed.success) return parsed.data;
    for (const i of parsed.error.issues) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
    return z.NEVER;
  });
}

export function keyText(label: string) {
  return z
    .string()
    .trim()
    .min(1, `Paste the ${label}`)
    .max(8_000, "At most 8,000 characters: that is longer than an RSA key")
    .refine((v) => PEM_OR_B64.test(v), `The ${label} must be PEM or Base64 only, with nothing before or after it`);
}

const currencies = REGIONS.map((r) => r.currency) as [string, ...string[]];

export const accountSchema = z.object({
  currency: z.enum(currencies, { error: "Choose a currency" }),
  kind: z.enum(["payin", "payout"], { error: "Choose pay-in or pay-out" }),
  // What Finance → Balance in the Smilepayz merchant back office shows: digits only.
  accountNo: z
    .string()
    .trim()
    .min(1, "Enter the account number")
    .regex(/^\d+$/, "Digits only, as Finance → Balance in the Smilepayz merchant back office shows it")
    .min(6, "At least 6 digits")
    .max(32, "At most 32 digits"),
});

export const subMerchantSchema = z.object({
  subMerchantId: z.string().trim().min(1, "Enter the id").max(64, "At most 64 characters").regex(/^[A-Za-z0-9_-]+$/, "Letters, digits, - and _ only"),
  name: plainText("a name", 100),
});

const base = {
  merchantId: z
    .string()
    .trim()
    .min(1, "Enter the merchant id")
    .max(64, "At most 64 characters")
    .regex(/^[A-Za-z0-9_-]+$/, "Letters, digits, - and _ only (e.g. sandbox-20011)"),
  name: plainText("a name", 100),
  /** The shop's name on the payer's payment page; empty: the name above. */
  payerDisplayName: emptyOr(plainText("a name", 100)).optional(),
  environment: z.enum(ENVIRONMENTS, { error: "Choose an environment" }),
  customBaseUrl: emptyOr(gatewayBaseUrl).optional(),
  callbackBaseUrl: emptyOr(callbackBaseUrl).optional(),
  /** Seconds an order may stay PROCESSING before reconciliation asks the gateway; empty: the region's default. */
  processingWindowS: emptyOr(
    z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, "Whole seconds, e.g. 180")
      .refine((v) => Number(v) >= 5 && Number(v) <= 86_400, "Between 5 seconds and 86,400 (one day)"),
  ).optional(),
  // Shape and DER structure here, in the form too; the server then parses the key and checks its size.
  platformPublicKey: keyText("platform public key").superRefine((v, ctx) => {
    const problem = PEM_OR_B64.test(v) ? publicKeyProblem(v) : null;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  subMerchants: z.array(subMerchantSchema).max(50).default([]),
  accounts: z.array(accountSchema).max(20).default([]),
};

const secret = z
  .string()
  .trim()
  .min(8, "The merchant secret has at least 8 characters")
  .max(256, "At most 256 characters")
  .regex(/^[\x21-\x7e]+$/, "Printable characters without spaces only");

/** Runs even while other fields are wrong (`when`), so an empty custom URL is named in the same submit. */
function customUrlRule<T extends { environment: string; customBaseUrl?: string }>(v: T, ctx: z.RefinementCtx) {
  if (v.environment === "custom" && (typeof v.customBaseUrl !== "string" || v.customBaseUrl.trim() === "")) {
    ctx.addIssue({ code: "custom", path: ["customBaseUrl"], message: "Enter the base URL of the custom gateway" });
  }
}

export const createCredentialSchema = z
  .object({
    ...base,
    merchantSecret: secret,
    /** Empty: generate a key pair in the app instead (the usual way). */
    privateKey: emptyOr(keyText("merchant private key")).optional(),
  })
  .superRefine(customUrlRule, { when: () => true });
export type CreateCredentialInput = z.input<typeof createCredentialSchema>;

export const updateCredentialSchema = z
  .object({
    ...base,
    /** Empty: keep the stored secret. */
    merchantSecret: emptyOr(secret).optional(),
    privateKey: emptyOr(keyText("merchant private key")).optional(),
  })
  .superRefine(customUrlRule, { when: () => true });
export type UpdateCredentialInput = z.input<typeof updateCredentialSchema>;

export const testConnectionSchema = z.object({
  currency: z.enum(currencies).optional(),
});

/**
 * Maker-checker thresholds of a credential: per currency, the amount in ordinary units ("50,000") at or above
 * which a pay-out waits for a second person. "" removes the threshold (every pay-out in that currency then needs
 * approval); a currency left out is unchanged. The output carries minor units and the amount as people read it.
 */
const thresholdText = z.string().trim().max(32, "At most 32 characters").optional();
export const setApprovalThresholdsSchema = z
  .object(Object.fromEntries(REGIONS.map((r) => [r.currency, thresholdText])) as Record<Currency, typeof thresholdText>)
  .strict()
  .transform((input, ctx) => {
    const changes: ApprovalThresholdChange[] = [];
    for (const region of REGIONS) {
      const text = input[region.currency];
      if (text === undefined) continue;
      if (text === "") {
        changes.push({ currency: region.currency, minAmountMinor: null, display: null });
        continue;
      }
      const parsed = parseMajorAmount(text, region);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", path: [region.currency], message: parsed.error });
        continue;
      }
      changes.push({ currency: region.currency, minAmountMinor: parsed.minor, display: thresholdDisplay(parsed.minor, region) });
    }
    return changes;
  });
export type SetApprovalThresholdsInput = z.input<typeof setApprovalThresholdsSchema>;
export type SetApprovalThresholds = z.output<typeof setApprovalThresholdsSchema>;

export interface ApprovalThresholdChange {
  currency: Currency;
  /** null: no threshold, every pay-out in the currency needs approval. */
  minAmountMinor: bigint | null;
  display: string | null;
}

/** 5000000n in THB -> "50,000.00 THB" (the app's one money style): how the card, the form and the confirmation name a threshold. */
export function thresholdDisplay(minor: bigint, region: Pick<Region, "amount" | "currency" | "money">): string {
  return formatMoney(minor, region);
}

/** The columns a new credential and an edit take from the form alike (empty texts stored as null). */
export function credentialColumns(input: z.output<typeof createCredentialSchema> | z.output<typeof updateCredentialSchema>) {
  return {
    name: input.name,
    payerDisplayName: input.payerDisplayName || null,
    environment: input.environment,
    customBaseUrl: input.environment === "custom" ? input.customBaseUrl || null : null,
    callbackBaseUrl: input.callbackBaseUrl || null,
    // null: the region's default.
    processingWindowS: input.processingWindowS ? Number(input.processingWindowS) : null,
  };
}
