/**
 * GitHub Actions workflow commands: an `::error` or `::warning` annotation on the policy line of
 * each finding (at most `limit` of each, the rest counted in a notice). Messages are escaped as
 * the runner expects, so no user text can inject a command.
 */
import type { Finding } from "../findings/finding.js";

const data = (s: string): string =>
  s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const property = (s: string): string => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function renderAnnotations(findings: readonly Finding[], limit = 10): string {
  const lines: string[] = [];
  for (const level of ["error", "warning"] as const) {
    const list = findings.filter((f) => f.severity === level && f.status !== "resolved");
    for (const f of list.slice(0, limit)) {
      const where = f.source
        ? `file=${property(f.source.file)},line=${f.source.line},col=${f.source.column},`
        : "";
      lines.push(
        `::${level} ${where}title=${property(`${f.kind}: ${f.subject}`)}::${data(f.message)}`,
      );
    }
    if (list.length > limit) {
      const more = list.length - limit;
      const text = `${more} more ${level} findings are not annotated; see the job summary.`;
      lines.push(`::notice title=${property(`${more} more ${level}s`)}::${data(text)}`);
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}
