import { afterEach } from "vitest";
import { resetEnvCache } from "@/lib/env";

/**
 * Settings for one test (README variables the app reads through lib/env.ts), put back after each test.
 * Call `restoreEnvAfterEach()` once at the top of a file, then `withEnv({...})` inside tests.
 */
export function restoreEnvAfterEach(): void {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });
}

export function withEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}
