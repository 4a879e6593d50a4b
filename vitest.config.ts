import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The CLI is tested as a real subprocess from dist/, so build once before any test.
    globalSetup: ["test/helpers/build.ts"],
    // Temporary folders a test file made are removed after it.
    setupFiles: ["test/helpers/cleanup.ts"],
    // Most tests run the CLI as a subprocess and wait on it: two workers keep both cores busy.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
