import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { DEMO_KINDS } from "./demo-cache.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Runs the real CLI's `demo` into a folder; resolves when it exited 0. */
function demo(dir: string, flags: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/stockpolicy.js", "demo", dir, ...flags], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`demo ${flags.join(" ")}: exit ${code}\n${err}`)),
    );
  });
}

/**
 * vitest global setup: compile src/ to dist/ (and precompile the schemas' validators, as
 * `npm run build` does) so the CLI under test is the current code, then
 * write each demo company the tests start from once (the full one, the calm one, 60 SKUs),
 * through the real CLI; test files copy them (helpers/demo-cache.ts) instead of each writing
 * its own. test/demo.test.ts still writes its own: the demo itself is what it tests.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  execFileSync(process.execPath, ["bin/precompile.js"], { cwd: root, stdio: "inherit" });
  const cache = mkdtempSync(path.join(tmpdir(), "stockpolicy-demos-"));
  await Promise.all(
    Object.entries(DEMO_KINDS).map(([kind, flags]) => demo(path.join(cache, kind), flags)),
  );
  project.provide("demoCache", cache);
  return () => rmSync(cache, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    demoCache: string;
  }
}
