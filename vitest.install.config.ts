import path from "node:path";
import { defineConfig } from "vitest/config";

// A new user's first steps on a fresh machine (`npm run test:install`): clone, `npm ci`, `npm start`. Slow (a whole
// install and first build), so it is its own suite, run once by CI.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["tests/install/**/*.install.ts"],
    environment: "node",
    testTimeout: 1_200_000,
    pool: "forks",
  },
});
