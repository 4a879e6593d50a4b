/**
 * `check` as JUnit XML, the report format GitLab, Jenkins and most CI servers show as tests: one
 * test case a segment policy, and one for the portfolio (the findings no segment owns). A case
 * fails when a finding on it is at or above `--fail-on` (and not in the baseline); the findings
 * below are its output. Every user string is escaped for XML, control characters included.
 */
import type { Finding } from "../findings/finding.js";
import type { CheckOutcome } from "./render-check.js";

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text safe inside an XML attribute or element. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;");
}

const line = (f: Finding): string => {
  const where = f.source ? ` (${f.source.file}:${f.source.line}:${f.source.column})` : "";
  return `${f.severity} ${f.kind} ${f.subject}: ${f.message}${where}`;
};

interface Case {
  name: string;
  file: string | undefined;
  findings: Finding[];
}

function casesOf(c: CheckOutcome): Case[] {
  const open = c.document.findings.filter((f) => f.status !== "resolved");
  const cases: Case[] = c.document.policies.map((p) => ({
    name: p.name,
    file: p.file,
    findings: [],
  }));
  const portfolio: Case = { name: "portfolio", file: c.toleranceFile, findings: [] };
  for (const f of open) {
    const own = cases.find((k) => k.name === (f.policy ?? f.subject));
    (own ?? portfolio).findings.push(f);
  }
  return [...cases, portfolio];
}

function renderCase(k: Case, failing: ReadonlySet<string>): string {
  const fails = k.findings.filter((f) => failing.has(f.id));
  const rest = k.findings.filter((f) => !failing.has(f.id));
  const file = k.file ? ` file="${escapeXml(k.file)}"` : "";
  const head = `    <testcase classname="stockpolicy.policy" name="${escapeXml(k.name)}"${file}>`;
  const body: string[] = [];
  if (fails.length > 0) {
    const message = `${fails.length} finding(s) at or above the failing severity`;
    body.push(
      `      <failure message="${escapeXml(message)}" type="${escapeXml(fails[0]!.severity)}">`,
    );
    body.push(...fails.map((f) => escapeXml(line(f))), "      </failure>");
  }
  if (rest.length > 0)
    body.push(`      <system-out>${rest.map((f) => escapeXml(line(f))).join("\n")}</system-out>`);
  return [head, ...body, "    </testcase>"].join("\n");
}

export function renderJunit(c: CheckOutcome): string {
  const failing = new Set(c.failing.map((f) => f.id));
  const cases = casesOf(c);
  const failures = cases.filter((k) => k.findings.some((f) => failing.has(f.id))).length;
  const suite =
    `  <testsuite name="stockpolicy check" tests="${cases.length}" failures="${failures}" ` +
    `errors="0" skipped="0" timestamp="${c.document.asOf}T00:00:00">`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="stockpolicy" tests="${cases.length}" failures="${failures}">`,
    suite,
    ...cases.map((k) => renderCase(k, failing)),
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
