import { randomBytes } from "node:crypto";
import { inject } from "vitest";

// Runs in every test worker before the test files: the per-run database and a throw-away encryption key.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.APP_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
