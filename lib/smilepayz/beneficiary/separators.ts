/** Shared input clean-up for account numbers and tax ids. Pure. */

/** Remove the separators people paste from bankbooks and documents: spaces, dashes, dots, slashes. */
export function stripSeparators(raw: string): string {
  return raw.trim().replace(/[\s\-./\u2010-\u2015]/g, "");
}

/** True when every character of the (already stripped) value is an ASCII digit. */
export function isDigits(value: string): boolean {
  return /^[0-9]+$/.test(value);
}

/** "10 or 12" for [10, 12]; "10" for [10]. */
export function describeLengths(lengths: readonly number[]): string {
  if (lengths.length <= 1) return String(lengths[0] ?? "");
  return `${lengths.slice(0, -1).join(", ")} or ${lengths[lengths.length - 1]}`;
}
