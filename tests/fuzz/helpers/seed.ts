/**
 * The run's seed. Fixed by default so CI is repeatable; FUZZ_SEED=<n> replays a printed run, FUZZ_SEED=random
 * draws a new one (printed, so a failure it finds can be replayed). A test-side setting: the app never reads it.
 */
const raw = process.env.FUZZ_SEED ?? "22";
export const FUZZ_SEED = raw === "random" ? Math.floor(Math.random() * 2 ** 31) : Number.parseInt(raw, 10);
if (!Number.isSafeInteger(FUZZ_SEED)) throw new Error(`FUZZ_SEED must be an integer or "random", not ${JSON.stringify(raw)}`);

/** A seed of its own for each route and role, so adding a route does not change what the others get. */
export function subSeed(...parts: string[]): number {
  let h = FUZZ_SEED >>> 0;
  for (const ch of parts.join("|")) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h & 0x7fffffff;
}
