import { formatMinor, wireAmountText } from "@/lib/smilepayz/regions/money";
import { REGIONS } from "@/lib/smilepayz/regions";
import type { Region } from "@/lib/smilepayz/regions/types";

/**
 * The one way the app writes money for people. Each region declares its convention once (`money.format` in its
 * file: "1,500.00 THB"), and every page, list, export column and message asks this module. Pure.
 */
type MoneyRegion = Pick<Region, "amount" | "currency" | "money">;

function regionOf(regionOrCurrency: MoneyRegion | string): MoneyRegion | undefined {
  return typeof regionOrCurrency === "string" ? REGIONS.find((r) => r.currency === regionOrCurrency || r.code === regionOrCurrency) : regionOrCurrency;
}

/**
 * 150050n in THB -> "1,500.50 THB"; USDT keeps up to 4 decimals but trims zeros past 2 ("100.00 USDT").
 * `entry`: as a person types it, for placeholders and hints: THB in whole baht ("100 THB"), since THB pay-outs
 * are whole baht on the wire. An unknown currency is said as minor units, never guessed.
 */
export function formatMoney(minor: bigint | string | number, regionOrCurrency: MoneyRegion | string, opts: { entry?: boolean } = {}): string {
  const region = regionOf(regionOrCurrency);
  const value = BigInt(minor);
  if (!region) return `${value} ${String(regionOrCurrency)} (minor units)`;
  return formatMinor(value, region, opts);
}

/** The number alone, grouped as formatMoney groups it ("50,000.00"): for a field already labelled with its currency. */
export function formatMoneyNumber(minor: bigint, region: MoneyRegion): string {
  return formatMoney(minor, { ...region, money: { format: "amount code" } }).replace(/ \S+$/, "");
}

/** The amount as the gateway receives it, with its unit: "150050 centavos", "1500 baht", "12.5 USDT"; "" if unsendable. */
export function formatWireAmount(minor: bigint | string, region: Pick<Region, "amount">): string {
  const text = wireAmountText(BigInt(minor), region);
  return text === "" ? "" : `${text} ${region.amount.wireUnit}`;
}

/** A placeholder for an amount field, as the region's people type it: "1,500" for THB (whole baht), "1,500.00" else. */
export function amountExample(region: MoneyRegion | undefined): string {
  if (!region) return "1,500";
  return formatMoney(10n ** BigInt(region.amount.minorDigits) * 1500n, region, { entry: true }).replace(new RegExp(`\\s*${region.currency}\\s*`), "");
}
