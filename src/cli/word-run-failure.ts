/** A run failure in the CLI's words: what happened, and which flag would change it. */
import type { RunFailure } from "../errors.js";

export function wordRunFailure(f: RunFailure): string {
  switch (f.code) {
    case "no-daily-data":
      return f.needed === "an as-of date"
        ? "no daily data in the store, so no as-of date: load daily.csv or give --as-of"
        : `no daily data in the store: load daily.csv before ${f.needed}`;
    case "period-reversed":
      return `--from ${f.from} is after --to ${f.to}`;
    case "period-outside-data":
      return `--from ${f.from} --to ${f.to}: the data covers ${f.first} – ${f.last}, nothing of that period`;
    case "month-invalid":
      return `--month: expected a month YYYY-MM, found "${f.month}"`;
    case "as-of-outside-data":
      return `--as-of ${f.asOf}: expected a date the daily data covers, ${f.first} – ${f.last}`;
    case "month-outside-data":
      return `--month ${f.month}: the data covers ${f.first} – ${f.last}, nothing of that month`;
    case "data-did-not-load":
      return `--data ${f.dir} did not load:\n${f.problems.join("\n")}`;
    case "not-a-revision":
      return `--base: expected a git revision, found "${f.ref}"`;
    case "unknown-revision":
      return (
        `--base ${f.ref}: expected a commit of the git repository at ${f.repository}, found none by that name ` +
        `(in CI, fetch it first: git fetch origin main)`
      );
    case "not-a-repository":
      return (
        `--base ${f.ref}: ${f.dir} is not inside a git repository, so there is no revision to compare ` +
        "with: run diff in the policies' clone (or git init and commit the policies first)"
      );
    case "policies-outside-repository":
      return `--policies ${f.dir}: not inside the git repository at ${f.repository}`;
    case "no-tolerance-at-revision":
      return `--base ${f.ref}: no ${f.file} at that revision`;
    case "baseline-unreadable":
      return (
        `--baseline ${f.file}: expected a findings JSON from \`stockpolicy evaluate --format json\` or ` +
        `\`check --format json\`, found ${f.found}`
      );
    case "baseline-without-findings":
      return `--baseline ${f.file}: expected a "findings" list, found none`;
    case "out-not-a-folder":
      return (
        `--out ${f.out}: expected a folder for the month's reports, found something else there; ` +
        "nothing was written"
      );
  }
}
