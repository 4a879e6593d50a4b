/** `ingest`'s formats: each file's rows and problems, and the verdict (loaded, dry run, rejected). */
import { escapeText } from "./escape.js";
import * as path from "node:path";
import type { IngestReport } from "../outcomes/ingest.js";
import { formatRowProblem } from "../outcomes/row-problem.js";
import type { Formats, Rendered } from "./format.js";
import { renderJsonText } from "./format.js";

/** What was loaded, with every file shown relative to the working directory. */
export interface IngestOutcome {
  report: IngestReport;
  /** Where the store is (a path, or a URL without its password). */
  store: string;
  skipInvalid: boolean;
}

function problemLines(r: IngestReport): string[] {
  const lines: string[] = [];
  for (const f of r.files) {
    for (const p of f.problems) lines.push(escapeText(formatRowProblem(p)));
    if (f.problemCount > f.problems.length)
      lines.push(`${f.file}: … and ${f.problemCount - f.problems.length} more problems`);
    if (f.ignoredColumns.length)
      lines.push(
        escapeText(
          `${f.file}: ignored columns not in the contract: ${f.ignoredColumns.join(", ")}`,
        ),
      );
  }
  for (const p of r.problems) lines.push(`${p.file}: ${p.message}`);
  for (const u of r.unknownFiles) lines.push(`${u}: not a contract file, left alone`);
  return lines;
}

function verdict({ report: r, store }: IngestOutcome): string {
  if (r.written) return `loaded into ${store}`;
  const headers = r.files.filter((f) => f.badHeader).map((f) => path.basename(f.file));
  if (r.dryRun && r.invalid === 0 && r.problems.length === 0 && headers.length === 0)
    return "dry run: every row is valid; nothing written";
  if (headers.length > 0)
    return (
      `rejected: ${headers.join(", ")} lack${headers.length === 1 ? "s" : ""} the columns the contract ` +
      "requires (CONTRACT.md §1); nothing written"
    );
  const refused = r.files.filter((f) => f.refused).length;
  if (refused > 0 && !r.dryRun)
    return `rejected: ${refused} file(s) could not be read to the end as UTF-8 CSV; nothing written`;
  const isolated = r.files.reduce((t, f) => t + f.isolatedDates, 0);
  if (isolated > 0 && !r.dryRun)
    return (
      `rejected: ${isolated} date(s) far beyond the rest of their file; nothing written ` +
      "(fix those rows: --skip-invalid does not skip them)"
    );
  return (
    `rejected: ${r.invalid + r.problems.length} invalid row(s); nothing written ` +
    `(--skip-invalid loads the valid rows)`
  );
}

function renderText(o: IngestOutcome): Rendered {
  const r = o.report;
  const counts = r.files.map((f) => {
    if (f.badHeader) return `${path.basename(f.file)}: not read: its header is not the contract's`;
    const loaded = r.written
      ? ` — ${f.inserted} inserted, ${f.updated} updated, ${f.unchanged} unchanged`
      : "";
    const skipped = f.invalid ? `, ${f.invalid} invalid${r.written ? " (skipped)" : ""}` : "";
    const kept = f.attributeColumns
      ? escapeText(`; attributes kept for rules: ${f.attributeColumns.join(", ")}`)
      : "";
    const name = `${path.basename(f.file)}${f.mappedOnto ? ` (as ${f.mappedOnto})` : ""}`;
    return `${name}: ${f.rows} row${f.rows === 1 ? "" : "s"}${skipped}${loaded}${kept}`;
  });
  const toStdout = r.written || r.dryRun;
  const text = (lines: string[]) => lines.map((l) => `${l}\n`).join("");
  return {
    stdout: text([...counts, ...(toStdout ? [verdict(o)] : [])]),
    stderr: text([...problemLines(r), ...(toStdout ? [] : [verdict(o)])]),
  };
}

export const INGEST_FORMATS: Formats<IngestOutcome> = {
  text: { description: "rows loaded a file, problems on stderr", render: renderText },
  json: {
    description: "the ingest report: files, rows, problems",
    render: ({ report, store }) =>
      renderJsonText({
        ...report,
        store,
        problems: [...report.problems, ...report.files.flatMap((f) => f.problems)],
      }),
  },
};
