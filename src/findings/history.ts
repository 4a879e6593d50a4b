/**
 * Marks each finding against the previous run: `new`, `persisting` (with how many runs in a
 * row), and the previous run's findings that are gone as `resolved`. Pure.
 */
import { sortFindings } from "./finding.js";
import type { Finding } from "./finding.js";

export function applyHistory(
  current: readonly Finding[],
  previous: readonly Finding[] | undefined,
): Finding[] {
  const before = new Map(
    (previous ?? []).filter((f) => f.status !== "resolved").map((f) => [f.id, f]),
  );
  const now = current.map((f): Finding => {
    const prior = before.get(f.id);
    return prior
      ? { ...f, status: "persisting", runs: (prior.runs ?? 1) + 1 }
      : { ...f, status: "new", runs: 1 };
  });
  const ids = new Set(current.map((f) => f.id));
  const resolved = [...before.values()]
    .filter((f) => !ids.has(f.id))
    .map((f): Finding => ({ ...f, status: "resolved" }));
  return sortFindings([...now, ...resolved]);
}
