import { REGIONS, isRegionCode } from "@/lib/smilepayz/regions";
import type { Region } from "@/lib/smilepayz/regions/types";

/**
 * Payment methods by name (Kasikornbank, GCash, Pix key: CPF), from the region files: the wire code (KBANK,
 * GCASH, CPF) stays in the data and in tooltips. Pure.
 */
export type MethodKind = "payout" | "payin";

function methodsOf(region: Region, kind: MethodKind): readonly { code: string; name: string }[] {
  return kind === "payout" ? region.payout.methods : (region.payin?.methods ?? []);
}

/** "KBANK" in TH -> "Kasikornbank"; an unknown code (an old row, a region's method since removed) is shown as itself. */
export function methodName(region: string, code: string, kind: MethodKind = "payout"): string {
  const r = isRegionCode(region) ? REGIONS.find((x) => x.code === region) : undefined;
  const wanted = code.trim().toUpperCase();
  return (r && methodsOf(r, kind).find((m) => m.code === wanted)?.name) ?? code;
}

/** Every method of a region with its name, in the region file's order: filters' and forms' options. */
export function methodOptions(region: Region, kind: MethodKind): { code: string; name: string }[] {
  return methodsOf(region, kind).map((m) => ({ code: m.code, name: m.name }));
}

/** Pay-in methods across every region that takes pay-ins, one per code (the pay-in list's filter). */
export function payinMethodOptions(): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const r of REGIONS) for (const m of r.payin?.methods ?? []) if (!seen.has(m.code)) seen.set(m.code, m.name);
  return [...seen].map(([code, name]) => ({ code, name }));
}
