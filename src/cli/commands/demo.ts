/**
 * `stockpolicy demo [DIR]`: writes the demo company's outcomes and policies to DIR, checks the
 * policies, loads the outcomes into DIR's store, and evaluates them.
 */
import { cpSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { toIsoDate } from "../../dates.js";
import { ProblemsError } from "../../errors.js";
import { DEMO_DEFAULTS } from "../../demo/generate-demo.js";
import { writeDemo } from "../../demo/write-demo.js";
import { ingest } from "../../outcomes/ingest.js";
import { displayPath } from "../../paths.js";
import { loadPolicies } from "../../policy/load-policies.js";
import { EVALUATION_RENDERERS } from "../../report/render-evaluation.js";
import { runEvaluation } from "../../run/run-evaluation.js";
import { openStore } from "../../store/open-store.js";
import type { Io } from "../io.js";

export interface DemoFlags {
  seed: number;
  episodes: boolean;
  skus: number;
  db?: string;
}

/** The policies shipped with the package: the demo company's. */
const PACKAGED_POLICIES = fileURLToPath(new URL("../../../policies", import.meta.url));

export async function demoCommand(dir: string, flags: DemoFlags, io: Io): Promise<number> {
  const root = path.resolve(io.cwd, dir);
  const dataDir = path.join(root, "data");
  const counts = writeDemo(dataDir, {
    ...DEMO_DEFAULTS,
    seed: flags.seed,
    episodes: flags.episodes,
    skus: flags.skus,
  });
  io.stdout(
    `wrote ${displayPath(io.cwd, dataDir)}/: ${Object.entries(counts)
      .map(([f, n]) => `${f} ${n}`)
      .join(", ")} rows\n`,
  );

  const policiesDir = path.join(root, "policies");
  cpSync(PACKAGED_POLICIES, policiesDir, { recursive: true });
  const { problems } = await loadPolicies(policiesDir, { cwd: io.cwd, today: toIsoDate(io.now) });
  if (problems.length > 0) throw new ProblemsError(problems);
  io.stdout(`wrote ${displayPath(io.cwd, policiesDir)}/: valid\n`);

  const db = flags.db ?? path.join(root, "outcomes.db");
  const store = await openStore(db, { cwd: io.cwd });
  try {
    const report = await ingest(store, dataDir);
    if (!report.written) {
      const first = report.files.flatMap((f) => f.problems)[0];
      throw new Error(
        `the demo data did not load (${report.invalid} invalid rows${first ? `, first: ${first.file}:${first.line}: ${first.column}: ${first.message}` : ""})`,
      );
    }
    io.stdout(
      `loaded into ${store.kind === "sqlite" ? displayPath(io.cwd, store.location) : store.location}\n\n`,
    );
  } finally {
    await store.close();
  }
  const { document } = await runEvaluation({
    policies: policiesDir,
    db,
    window: { amount: 90, unit: "d" },
    cwd: io.cwd,
    today: toIsoDate(io.now),
  });
  io.stdout(EVALUATION_RENDERERS.table(document));
  return 0;
}
