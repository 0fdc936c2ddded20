import type { FieldError as RhfFieldError, FieldErrors, Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { createPayoutSchema, type CreatePayout, type CreatePayoutInput } from "@/lib/payouts/schemas";
import { getRegion, isRegionCode, type RegionCode } from "@/lib/smilepayz/regions";
import { parseMajorAmount } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";

/** The form's raw values: every field a string, as typed (what POST /api/payouts receives). */
export type PayoutFormValues = {
  credentialId: string;
  region: string;
  method: string;
  account: string;
  amount: string;
  purpose: string;
  receiverName: string;
  taxNumber: string;
  network: string;
  orderNo: string;
};

export const EMPTY_PAYOUT_FORM: PayoutFormValues = {
  credentialId: "",
  region: "",
  method: "",
  account: "",
  amount: "",
  purpose: "",
  receiverName: "",
  taxNumber: "",
  network: "",
  orderNo: "",
};

/** The JSON body: raw strings, optional fields left out when empty (the server parses the same schema). */
export function requestBody(v: PayoutFormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) if (value.trim() !== "") out[k] = value;
  return out;
}

export type AmountPreview = { ok: true; minor: bigint; display: string; wire: string } | { ok: false; error: string };

/** "1500" in THB -> 1,500.00 THB, "sent to the gateway as amount 1500 (whole baht)"; null until there is input. */
export function amountPreview(region: string, amount: string): AmountPreview | null {
  if (!isRegionCode(region) || amount.trim() === "") return null;
  const r = getRegion(region);
  const parsed = parseMajorAmount(amount, r);
  if (!parsed.ok) return parsed;
  return { ok: true, minor: parsed.minor, display: formatMoney(parsed.minor, r), wire: r.amount.describe(parsed.minor) };
}

/** A warning (never a block: the balance moves while the form is open) when the amount exceeds what is available. */
export function balanceWarning(amountMinor: bigint | null, availableMinor: string | null | undefined, region: RegionCode): string | null {
  if (amountMinor === null || availableMinor === null || availableMinor === undefined) return null;
  const available = BigInt(availableMinor);
  if (amountMinor <= available) return null;
  return `The amount is above the pay-out account's available balance (${formatMoney(available, getRegion(region))}); the gateway will refuse it unless the account is topped up first.`;
}

// Base-valid stand-ins, used only to let the schema's region rules run while other fields are still empty.
const STAND_INS: Record<keyof PayoutFormValues, (v: PayoutFormValues) => string | null> = {
  credentialId: () => "1",
  region: () => null,
  method: () => null,
  account: () => "x",
  amount: () => "1",
  purpose: () => "x",
  receiverName: () => "",
  taxNumber: () => "",
  network: () => "",
  orderNo: () => "",
};

/**
 * The schema checks account, amount, tax number and network in its transform, which zod skips while any
 * plain field (say, purpose) is still empty. So that a wrong CPF shows as it is typed, parse again with the
 * blocking fields replaced by stand-ins and keep only messages about fields the person filled. Region and
 * method have no stand-in: every region rule depends on them.
 */
export function earlyFieldErrors(values: PayoutFormValues, blocked: readonly string[]): Record<string, string> {
  const patched: PayoutFormValues = { ...values };
  const standIn = new Set<string>();
  for (const key of blocked) {
    if (!(key in STAND_INS)) continue;
    const make = STAND_INS[key as keyof PayoutFormValues];
    const value = make(values);
    if (value === null) return {};
    patched[key as keyof PayoutFormValues] = value;
    standIn.add(key);
  }
  const result = createPayoutSchema.safeParse(patched);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "");
    if (!field || standIn.has(field) || blocked.includes(field)) continue;
    if ((values[field as keyof PayoutFormValues] ?? "").trim() === "") continue;
    out[field] ??= issue.message;
  }
  return out;
}

const zod = zodResolver(createPayoutSchema);

/** zodResolver(createPayoutSchema), plus the region rules' messages for fields already filled (see above). */
export const payoutResolver: Resolver<CreatePayoutInput, unknown, CreatePayout> = async (values, context, options) => {
  const result = await zod(values, context, options);
  const errors = result.errors as FieldErrors<CreatePayoutInput>;
  const blocked = Object.keys(errors);
  if (blocked.length === 0) return result;
  const early = earlyFieldErrors(values as unknown as PayoutFormValues, blocked);
  const merged: Record<string, RhfFieldError> = { ...(errors as Record<string, RhfFieldError>) };
  for (const [field, message] of Object.entries(early)) merged[field] = { type: "custom", message };
  return { values: {}, errors: merged as FieldErrors<CreatePayoutInput> };
};

/** An Idempotency-Key for one form instance; getRandomValues also works outside a secure context. */
export function newIdempotencyKey(c: Pick<Crypto, "getRandomValues"> & Partial<Pick<Crypto, "randomUUID">> = globalThis.crypto): string {
  if (typeof c.randomUUID === "function") return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
