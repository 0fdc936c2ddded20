import { defineConfig } from "drizzle-kit";

// The sandbox gateway's own migrations (schema "sandbox_gateway"), separate from the app's drizzle/app.
export default defineConfig({
  schema: "./sandbox-gateway/schema.ts",
  out: "./drizzle/sandbox-gateway",
  dialect: "postgresql",
  schemaFilter: ["sandbox_gateway"],
  strict: true,
});
