import { randomBytes } from "node:crypto";

/** tradeNo like the published samples: digits, a type digit, a date, then hex (e.g. 1022000109e998347483949). */
export function newTradeNo(tradeType: 1 | 2, now: Date): string {
  const d = now.toISOString();
  const date = `${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}`;
  return `1${tradeType}${date}${randomBytes(8).toString("hex")}`;
}
