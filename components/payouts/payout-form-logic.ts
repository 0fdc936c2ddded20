import type { Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { createPayoutSchema, type CreatePayout, type CreatePayoutInput } from "@/lib/payouts/schemas";
import { getRegion, isRegionCode, type RegionCode } from "@/lib/smilepayz/regions";
import { amountTextHint } from "@/lib/smilepayz/regions/amount-text";
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

/** The JSON body of either order form: raw strings, optional fields left out when empty (the server parses the same schema). */
export function requestBody(v: Record<string, string>): Record<string, string> {
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

/** The amount field's hint for a region that also reads "6.000,00" (Brazil): how to write it, what is refused. */
export function amountHint(region: string): string | undefined {
  if (!isRegionCode(region)) return undefined;
  const r = getRegion(region);
  return amountTextHint(r.currency, r.amount.decimalComma === true) ?? undefined;
}

/** A warning (never a block: the balance moves while the form is open) when the amount exceeds what is available. */
export function balanceWarning(amountMinor: bigint | null, availableMinor: string | null | undefined, region: RegionCode): string | null {
  if (amountMinor === null || availableMinor === null || availableMinor === undefined) return null;
  const available = BigInt(availableMinor);
  if (amountMinor <= available) return null;
  return `The amount is above the pay-out account's available balance (${formatMoney(available, getRegion(region))}); the gateway will refuse it unless the account is topped up first.`;
}

/**
 * The form's resolver is the server's schema: its region rules speak with the plain fields (allAtOnce), so a wrong
 * CPF shows as it is typed (react-hook-form shows the changed field only) and one Review shows every message.
 */
export const payoutResolver = zodResolver(createPayoutSchema) as unknown as Resolver<CreatePayoutInput, unknown, CreatePayout>;

/** An Idempotency-Key for one form instance; getRandomValues also works outside a secure context. */
export function newIdempotencyKey(c: Pick<Crypto, "getRandomValues"> & Partial<Pick<Crypto, "randomUUID">> = globalThis.crypto): string {
  if (typeof c.randomUUID === "function") return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
