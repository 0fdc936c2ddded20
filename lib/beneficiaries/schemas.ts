import { z } from "zod";
import { optionalText, orderFields } from "@/lib/orders/order-fields";
import { checkPayee, createPayoutSchema, REGION_CODES } from "@/lib/payouts/schemas";
import { allAtOnce } from "@/lib/validation/all-at-once";
import { idKey, keysetCursor, pageLimit } from "@/lib/validation/paging";
import { plainText } from "@/lib/validation/text";
import { BENEFICIARY_STATUSES } from "./statuses";

const id = z.coerce.number({ error: "Choose a beneficiary" }).int().positive("Choose a beneficiary").max(Number.MAX_SAFE_INTEGER);

/** The payee's fields, exactly as a pay-out asks for them, and a label people find it by. */
const beneficiaryFields = z.object({
  credentialId: orderFields.credentialId,
  region: z.enum(REGION_CODES, { error: "Choose a region" }),
  method: z.string({ error: "Choose a method" }).trim().max(32, "At most 32 characters"),
  account: plainText("the account", 128),
  receiverName: optionalText(128),
  taxNumber: optionalText(32),
  network: optionalText(16),
  label: plainText("a name to find this beneficiary by", 80),
});

/**
 * A new saved beneficiary, parsed by the form and by POST /api/beneficiaries: the region's rules are the pay-out's
 * own (checkPayee in lib/payouts/schemas.ts), so a CPF a pay-out refuses is refused here on the same field.
 */
export const createBeneficiarySchema = allAtOnce(beneficiaryFields, (input, issue) => {
  const payee = checkPayee(input, issue);
  if (!payee || input.credentialId === undefined || input.label === undefined) return null;
  const { region, ...rest } = payee;
  return { credentialId: input.credentialId, label: input.label, region: region.code, ...rest };
});
export type CreateBeneficiaryInput = z.input<typeof createBeneficiarySchema>;
export type CreateBeneficiary = z.output<typeof createBeneficiarySchema>;

/** An edit sends the whole payee again (the form is the add form filled in); the credential never changes. */
export const editBeneficiarySchema = allAtOnce(beneficiaryFields.omit({ credentialId: true }), (input, issue) => {
  const payee = checkPayee(input, issue);
  if (!payee || input.label === undefined) return null;
  const { region, ...rest } = payee;
  return { label: input.label, region: region.code, ...rest };
});
export type EditBeneficiaryInput = z.input<typeof editBeneficiarySchema>;
export type EditBeneficiary = z.output<typeof editBeneficiarySchema>;

export const verifyBeneficiarySchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"),
});
export const rejectBeneficiarySchema = z.object({ reason: plainText("a reason", 500, 3) });
export const archiveBeneficiarySchema = z.object({ reason: optionalText(500) });

export const listBeneficiariesSchema = z.object({
  /** Label, receiver's name, or the account's last digits. */
  q: z.string().trim().max(64).refine((v) => !/[\u0000-\u001f]/.test(v), "Remove control characters").optional(),
  status: z.enum(BENEFICIARY_STATUSES).optional(),
  credentialId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  region: z.enum(REGION_CODES).optional(),
  /** Archived ones are hidden unless asked for. */
  archived: z.enum(["true", "false"]).default("false"),
  cursor: keysetCursor(idKey),
  limit: pageLimit(50),
});
export type ListBeneficiariesInput = z.input<typeof listBeneficiariesSchema>;

/** Paying a saved beneficiary: who and how much; the payee's fields come from the beneficiary as it is now. */
export const payBeneficiarySchema = z.object({
  credentialId: orderFields.credentialId,
  beneficiaryId: id,
  amount: z.string({ error: "Enter an amount" }).trim().max(32, "At most 32 characters"),
  purpose: orderFields.purpose,
  orderNo: orderFields.orderNo,
});
export type PayBeneficiary = z.output<typeof payBeneficiarySchema>;

const namesBeneficiary = (v: unknown) =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !["", null, undefined].includes((v as Record<string, unknown>).beneficiaryId as string);

/**
 * POST /api/payouts: a saved beneficiary by `beneficiaryId`, or the payee typed in. The body's `beneficiaryId` picks
 * the schema, so each kind of body gets its own field messages (a union would blur them into "Invalid input").
 */
export const newPayoutSchema = z.unknown().transform(async (v, ctx) => {
  const byId = namesBeneficiary(v);
  const r = byId ? await payBeneficiarySchema.safeParseAsync(v) : await createPayoutSchema.safeParseAsync(v);
  if (!r.success) {
    for (const i of r.error.issues) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
    return z.NEVER;
  }
  return byId ? { via: "beneficiary" as const, ...(r.data as PayBeneficiary) } : { via: "typed" as const, ...(r.data as z.output<typeof createPayoutSchema>) };
});
export type NewPayout = z.output<typeof newPayoutSchema>;
/**
 * The two bodies newPayoutSchema accepts, as one schema for tools that generate bodies from a route's schema (the
 * fuzz suite looks for `<input>Shapes` beside a route's input). The route parses newPayoutSchema, never this.
 */
export const newPayoutSchemaShapes = z.union([createPayoutSchema, payBeneficiarySchema]);

/**
 * A pay-out schema issue when paying a beneficiary by id (one pay-out, or a run's beneficiaryId row): amount,
 * purpose and orderNo are the payer's own; any other field is the stored payee, so it is said about the beneficiary.
 */
export function beneficiaryPayIssue(key: string, message: string): [field: string, message: string] | null {
  if (key === "amount" || key === "purpose" || key === "orderNo") return [key, message];
  if (key === "") return null;
  return ["beneficiaryId", `This beneficiary's ${key} no longer passes the region's rules (${message}): edit it`];
}
