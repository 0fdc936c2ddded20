/** How many trailing characters the mask shows: what a search without the reveal permission may match. */
export const MASK_TAIL = 4;

/** Masked for roles without `orders.unmasked`: all but the last four characters (e-mail keys keep the domain). */
export function maskAccount(value: string | null): string | null {
  if (value === null) return null;
  const at = value.indexOf("@");
  if (at > 0) return `${value[0] ?? ""}•••${value.slice(at)}`;
  if (value.length <= MASK_TAIL) return "•".repeat(value.length);
  return `${"•".repeat(Math.min(8, value.length - MASK_TAIL))}${value.slice(-MASK_TAIL)}`;
}
