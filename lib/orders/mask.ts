/** Masked for roles without `orders.unmasked`: all but the last four characters (e-mail keys keep the domain). */
export function maskAccount(value: string | null): string | null {
  if (value === null) return null;
  const at = value.indexOf("@");
  if (at > 0) return `${value[0] ?? ""}•••${value.slice(at)}`;
  if (value.length <= 4) return "•".repeat(value.length);
  return `${"•".repeat(Math.min(8, value.length - 4))}${value.slice(-4)}`;
}
