import { brazil } from "./brazil";
import { philippines } from "./philippines";
import { thailand } from "./thailand";
import type { BeneficiaryFields, PayoutMethod, Region, RegionCode } from "./types";
import { usdt } from "./usdt";

/** Every region the app speaks. Adding a region = one file beside this one + one line here. */
export const REGIONS: readonly Region[] = [thailand, philippines, brazil, usdt];

export function isRegionCode(value: string): value is RegionCode {
  return REGIONS.some((r) => r.code === value);
}

/** The region for a code; throws for an unknown one (codes come from our own enum, so that is a bug). */
export function getRegion(code: RegionCode): Region {
  const region = REGIONS.find((r) => r.code === code);
  if (!region) throw new Error(`Unknown region ${code}`);
  return region;
}

/** Each region has its own currency, so a callback's `money.currency` identifies the region. */
export function regionByCurrency(currency: string): Region | undefined {
  return REGIONS.find((r) => r.currency === currency);
}

/** A pay-out method of the region by wire code (case-insensitive: people and CSVs type "kbank"). */
export function findPayoutMethod(region: Region, code: string): PayoutMethod | undefined {
  const wanted = code.trim().toUpperCase();
  return region.payout.methods.find((m) => m.code === wanted);
}

/** The beneficiary key of a pay-out (the region's `payout.beneficiaryKey`): one string per person paid. */
export function beneficiaryKeyOf(region: RegionCode, fields: BeneficiaryFields): string {
  return getRegion(region).payout.beneficiaryKey(fields);
}

export type { BeneficiaryFields, Currency, FieldError, PayinMethod, PayoutMethod, Region, RegionCode } from "./types";
