import path from "node:path";
import { defineConfig } from "vitest/config";

// Browser and HTTP suite against the real app started by the main command (see tests/e2e/global-setup.ts).
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "tests/setup/empty.ts"),
    },
  },
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
    globalSetup: ["tests/e2e/global-setup.ts"],
    setupFiles: ["tests/e2e/setup-env.ts"],
  },
});
