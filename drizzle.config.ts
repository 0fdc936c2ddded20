import { defineConfig } from "drizzle-kit";

// The app's migrations live in drizzle/app; the sandbox gateway keeps its own set in drizzle/sandbox-gateway.
export default defineConfig({
  schema: "./db/schema/index.ts",
  out: "./drizzle/app",
  dialect: "postgresql",
  strict: true,
});
