/**
 * `stockpolicy demo [DIR]`: writes the demo company's outcomes and policies to DIR, checks the
 * policies, loads the outcomes into DIR's store, evaluates them, and writes the governance
 * reports of the data's last three whole months (the earliest first, so each tracks the
 * findings of the one before). Policy lines in the reports read relative to DIR (`policies/segments/…`).
 */
import { cpSync, rmSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { previousMonth, toIsoDate } from "../../dates.js";
import { ProblemsError } from "../../errors.js";
import { DEMO_DEFAULTS } from "../../demo/generate-demo.js";
import { writeDemo } from "../../demo/write-demo.js";
import { ingest } from "../../outcomes/ingest.js";
import { displayPath } from "../../paths.js";
import { loadPolicies } from "../../policy/load-policies.js";
import { renderEvaluationTable } from "../../report/render-evaluation.js";
import { runEvaluation } from "../../run/run-evaluation.js";
import { defaultMonth, runReport } from "../../run/run-report.js";
import { openStore } from "../../store/open-store.js";
import type { Io } from "../io.js";

export interface DemoFlags {
  seed: number;
  episodes: boolean;
  skus: number;
  db?: string;
  /** Where the monthly reports go (default: DIR/reports). */
  reports?: string;
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
  // The demo's own store starts empty, so its run history is this run's alone.
  if (!flags.db) for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const store = await openStore(db, { cwd: io.cwd });
  try {
    const report = await ingest(store, dataDir);
    if (!report.written) {
      const first = report.files.flatMap((f) => f.problems)[0];
      const where = first
        ? `, first: ${first.file}:${first.line}: ${first.column}: ${first.message}`
        : "";
      throw new Error(`the demo data did not load (${report.invalid} invalid rows${where})`);
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
  io.stdout(renderEvaluationTable(document));

  const reports = path.resolve(io.cwd, flags.reports ?? path.join(root, "reports"));
  const request = {
    policies: policiesDir,
    db: /^postgres(ql)?:\/\//.test(db) ? db : path.resolve(io.cwd, db),
    window: { amount: 90, unit: "d" as const },
    cwd: root,
    today: toIsoDate(io.now),
    out: reports,
  };
  const last = defaultMonth(document.asOf);
  // three months, the earliest first: each tracks the one before, and the last shows a trend
  for (const month of [previousMonth(previousMonth(last)), previousMonth(last), last]) {
    const { report, files } = await runReport({ ...request, month });
    const written = files.map((f) => displayPath(io.cwd, path.resolve(root, f)));
    io.stdout(`\n${report.verdict.lines.join("\n")}\nwrote ${written.join(", ")}\n`);
  }
  return 0;
}
