/** `stockpolicy validate`: parse and check every policy file, print every problem. */
import { toIsoDate } from "../../dates.js";
import { formatProblem } from "../../errors.js";
import { loadPolicies } from "../../policy/load-policies.js";
import type { Io } from "../io.js";
import type { SharedOptions } from "../shared-options.js";

export async function validateCommand(options: SharedOptions, io: Io): Promise<number> {
  const { policies, problems } = await loadPolicies(options.policies, {
    cwd: io.cwd,
    today: toIsoDate(io.now),
  });
  const files = new Set(problems.map((p) => p.file)).size;
  if (options.format === "json") {
    const summary = policies
      ? {
          tolerance: policies.tolerance.value.metadata.name,
          segments: policies.segments.map((s) => ({
            name: s.value.metadata.name,
            version: s.value.metadata.version,
            file: s.file,
            owner: s.value.metadata.owner,
          })),
          checks: policies.checks.map((c) => ({
            name: c.value.metadata.name,
            version: c.value.metadata.version,
            file: c.file,
            owner: c.value.metadata.owner,
          })),
        }
      : null;
    io.stdout(
      `${JSON.stringify({ valid: problems.length === 0, policies: summary, problems }, null, 2)}\n`,
    );
    return problems.length === 0 ? 0 : 2;
  }
  if (!policies) {
    for (const p of problems) io.stderr(`${formatProblem(p)}\n`);
    io.stderr(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}\n`,
    );
    return 2;
  }
  const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  io.stdout(
    `${options.policies}: valid — 1 risk tolerance, ${count(policies.segments.length, "segment")}, ${count(policies.checks.length, "check")}\n`,
  );
  return 0;
}
