/**
 * GitHub Actions workflow commands: an `::error` or `::warning` annotation on the policy line of
 * each finding (at most `limit` of each, the rest counted in a notice), and a `::notice` on the
 * exception's line of each waived one. Messages are escaped as the runner expects, so no user
 * text can inject a command.
 */
import type { Finding } from "../findings/finding.js";

const data = (s: string): string =>
  s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const property = (s: string): string => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function renderAnnotations(findings: readonly Finding[], limit = 10): string {
  const lines: string[] = [];
  const open = findings.filter((f) => f.status !== "resolved");
  for (const level of ["error", "warning"] as const) {
    const list = open.filter((f) => f.severity === level && !f.waived);
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
  const waived = open.filter((f) => f.waived);
  for (const f of waived.slice(0, limit)) {
    const w = f.waived as NonNullable<Finding["waived"]>;
    const where = `file=${property(w.source.file)},line=${w.source.line},col=${w.source.column},`;
    const text = `${f.severity} ${f.kind} ${f.subject} waived by ${w.exception} until ${w.expires}: ${f.message}`;
    lines.push(
      `::notice ${where}title=${property(`waived: ${f.kind}: ${f.subject}`)}::${data(text)}`,
    );
  }
  if (waived.length > limit) {
    const more = waived.length - limit;
    const text = `${more} more waived findings are not annotated; see the job summary.`;
    lines.push(`::notice title=${property(`${more} more waived`)}::${data(text)}`);
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}
