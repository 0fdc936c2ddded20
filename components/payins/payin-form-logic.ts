import { zodResolver } from "@hookform/resolvers/zod";
import type { Resolver } from "react-hook-form";
import { createPayinSchema, type CreatePayin, type CreatePayinInput } from "@/lib/payins/schemas";
import { getRegion, isRegionCode } from "@/lib/smilepayz/regions";
import { parseMajorAmount } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";

/** The form's raw values: every field a string, as typed (what POST /api/payins receives). */
export type PayinFormValues = {
  credentialId: string;
  region: string;
  method: string;
  amount: string;
  purpose: string;
  payerDescription: string;
  payerName: string;
  payerBank: string;
  payerAccount: string;
  /** How long the payer has, in the unit chosen beside it (the schema turns it into the API's expirySeconds). */
  expiryAmount: string;
  expiryUnit: string;
  redirectUrl: string;
  orderNo: string;
};

export const EMPTY_PAYIN_FORM: PayinFormValues = {
  credentialId: "",
  region: "TH",
  method: "QRPAY",
  amount: "",
  purpose: "",
  payerDescription: "",
  payerName: "",
  payerBank: "",
  payerAccount: "",
  expiryAmount: "1",
  expiryUnit: "hours",
  redirectUrl: "",
  orderNo: "",
};

/** "300" in THB -> 300.00 THB, "sent to the gateway as amount 300 (whole baht)". */
export function payinAmountPreview(region: string, amount: string): { display: string; wire: string } | null {
  if (!isRegionCode(region) || amount.trim() === "") return null;
  const r = getRegion(region);
  const parsed = parseMajorAmount(amount, r);
  return parsed.ok ? { display: formatMoney(parsed.minor, r), wire: r.amount.describe(parsed.minor) } : null;
}

export const payinResolver = zodResolver(createPayinSchema) as unknown as Resolver<CreatePayinInput, unknown, CreatePayin>;
