import path from "node:path";
import { defineConfig } from "vitest/config";

// Hostile input (issue 22): generated bodies, callbacks and CSV files against the app as `npm start` runs it, with
// the browser suite's start-up (tests/e2e/global-setup.ts). `npm test` and the e2e config do not include these files.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "tests/setup/empty.ts"),
    },
  },
  test: {
    include: ["tests/fuzz/**/*.fuzz.ts"],
    environment: "node",
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
    globalSetup: ["tests/e2e/global-setup.ts"],
    setupFiles: ["tests/e2e/setup-env.ts"],
  },
});
