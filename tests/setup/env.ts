import { randomBytes } from "node:crypto";
import { inject } from "vitest";

// Runs in every test worker before the test files: the per-run database (as the app's role) and a throw-away
// encryption key.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.APP_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
// One database serves every test file of a run at once, and many files keep refused callbacks (and expect their
// sample kept) or count failed sign-ins in the same minute: the strangers' per-minute budgets, shared by all of
// them (lib/strangers/write-budget.ts), are raised here. The budgets' own tests set small ones (withEnv).
process.env.STRANGER_SAMPLES_PER_MINUTE ??= "100000";
process.env.STRANGER_SAMPLE_BYTES_PER_MINUTE ??= "100000000";
process.env.STRANGER_ROWS_PER_MINUTE ??= "100000";
