import { defineConfig } from "vitest/config";
import { BaseSequencer } from "vitest/node";
import type { TestSpecification } from "vitest/node";

/**
 * The test files that take longest, started first: on a clean clone vitest has no timings of
 * its own, and a long file started last leaves one worker idle while it runs.
 */
const SLOW_FIRST = [
  "test/readme.test.ts",
  "test/outcomes/ingest.test.ts",
  "test/calibration/calibration.test.ts",
  "test/evaluate/evaluate-cli.test.ts",
  "test/policy/malformed-policies.test.ts",
  "test/cli/check.test.ts",
  "test/cli/report.test.ts",
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const i = SLOW_FIRST.findIndex((s) => f.moduleId.endsWith(s));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The CLI is tested as a real subprocess from dist/, so build once before any test.
    globalSetup: ["test/helpers/build.ts"],
    // Temporary folders a test file made are removed after it.
    setupFiles: ["test/helpers/cleanup.ts"],
    // Most tests run the CLI as a subprocess and wait on it: two workers keep both cores busy.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
