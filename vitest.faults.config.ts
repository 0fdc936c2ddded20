import path from "node:path";
import { defineConfig } from "vitest/config";

// The fault suite (npm run test:faults): each file starts its own app as the README does and breaks it on purpose.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "tests/setup/empty.ts"),
    },
  },
  test: {
    include: ["tests/faults/**/*.faults.ts"],
    environment: "node",
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: "forks",
    fileParallelism: false,
    globalSetup: ["tests/faults/build-setup.ts"],
  },
});
