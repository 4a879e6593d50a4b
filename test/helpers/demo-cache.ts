/**
 * The demo companies the tests start from, written once by the global setup (build.ts) through
 * the real CLI and copied into each test's own folder, so that no test changes another's.
 */
import { cpSync } from "node:fs";
import { inject } from "vitest";

/** Each cached demo and the `demo` flags it was written with. */
export const DEMO_KINDS = {
  episodes: [],
  calm: ["--no-episodes"],
  small: ["--skus", "60"],
} as const satisfies Record<string, readonly string[]>;

export type DemoKind = keyof typeof DEMO_KINDS;

/** A copy of a cached demo at `dir` (data/, policies/, outcomes.db, reports/); returns dir. */
export function demoCopy(dir: string, kind: DemoKind): string {
  cpSync(`${inject("demoCache")}/${kind}`, dir, { recursive: true });
  return dir;
}
