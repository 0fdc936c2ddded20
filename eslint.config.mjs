import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", ".test-data/**", "drizzle/**", "next-env.d.ts", "public/**"] },
  ...nextVitals,
  ...nextTs,
  {
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read the environment through lib/env.ts." },
      ],
    },
  },
  {
    // The one module that reads the environment, and scripts/tests that set it up for child processes.
    files: ["lib/env.ts", "scripts/**", "tests/**", "*.config.ts", "*.config.mjs"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // The app reaches the sandbox gateway only through a credential's base URL, never by its code.
    files: ["lib/**/*.{ts,tsx}", "app/**/*.{ts,tsx}", "db/**/*.ts", "proxy.ts", "instrumentation.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/sandbox-gateway", "@/sandbox-gateway/*", "**/sandbox-gateway", "**/sandbox-gateway/*"], message: "The app reaches the sandbox gateway only over HTTP, through a credential's base URL." }] },
      ],
    },
  },
  {
    // UI only: components never reach the database, the ORM or the wire protocol (region data excepted).
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/db", "@/db/*", "drizzle-orm", "drizzle-orm/*", "postgres"], message: "Components are UI only: no database access.", allowTypeImports: true },
            { group: ["@/lib/smilepayz/*", "!@/lib/smilepayz/regions", "!@/lib/smilepayz/regions/*", "!@/lib/smilepayz/hosts"], message: "Components never import the wire protocol (region and host data excepted).", allowTypeImports: true },
            { group: ["@/lib/crypto/*", "@/sandbox-gateway", "@/sandbox-gateway/*"], message: "Components never touch keys or the gateway.", allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
