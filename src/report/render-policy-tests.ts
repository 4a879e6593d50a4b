/**
 * `stockpolicy test`'s formats: a text summary (failures with file, line, expected and found),
 * JSON, JUnit XML (a test case a case, a suite a test file) and TAP 13. Every user string is
 * escaped for its sink.
 */
import type { CaseResult, PolicyTestReport } from "../evaluate/policy-tests.js";
import { plural } from "../findings/metric-phrases.js";
import { escapeText } from "./escape.js";
import type { Formats } from "./format.js";
import { jsonFormat } from "./format.js";
import { escapeXml } from "./render-junit.js";

/** 0 when every case passed, 1 when one failed (2, a malformed test, never gets this far). */
export const policyTestExitCode = (r: PolicyTestReport): 0 | 1 => (r.summary.failed > 0 ? 1 : 0);

const where = (c: CaseResult): string => `${c.source.file}:${c.source.line}`;

function uncoveredLines(r: PolicyTestReport): string[] {
  const { segments, checks } = r.uncovered;
  return [
    segments.length
      ? `no test covers segment${segments.length === 1 ? "" : "s"} ${segments.join(", ")}`
      : "",
    checks.length
      ? `no test covers check${checks.length === 1 ? "" : "s"} ${checks.join(", ")}`
      : "",
  ].filter(Boolean);
}

function renderText(r: PolicyTestReport): string {
  const out: string[] = [];
  for (const c of r.cases) {
    out.push(`${c.failures.length ? "FAIL" : "ok  "} ${c.type} ${c.test}: ${c.case} (${where(c)})`);
    for (const f of c.failures) out.push(`     ${f}`);
  }
  if (r.cases.length === 0) out.push("no policy tests (policies/tests/*.yaml)");
  out.push(
    "",
    `${plural(r.summary.cases, "case")} in ${plural(r.files.length, "file")}: ${r.summary.passed} passed, ` +
      `${r.summary.failed} failed`,
    ...uncoveredLines(r),
  );
  return `${out.map(escapeText).join("\n")}\n`;
}

function renderJunit(r: PolicyTestReport): string {
  const suites = [...new Set(r.cases.map((c) => c.source.file))].map((file) => {
    const cases = r.cases.filter((c) => c.source.file === file);
    const failures = cases.filter((c) => c.failures.length > 0).length;
    const body = cases.map((c) => {
      const name = `${c.type}: ${c.case}`;
      const open =
        `    <testcase classname="${escapeXml(c.test)}" name="${escapeXml(name)}" ` +
        `file="${escapeXml(file)}" line="${c.source.line}"`;
      if (c.failures.length === 0) return `${open}/>`;
      return [
        `${open}>`,
        `      <failure message="${escapeXml(c.failures[0] ?? "")}" type="expectation">`,
        ...c.failures.map((f) => escapeXml(`${f} (${where(c)})`)),
        "      </failure>",
        "    </testcase>",
      ].join("\n");
    });
    return [
      `  <testsuite name="${escapeXml(file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
      ...body,
      "  </testsuite>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="stockpolicy test" tests="${r.summary.cases}" failures="${r.summary.failed}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}

/** TAP's description and YAML block take one line each: no line breaks or '#' from user text. */
const tapText = (s: string): string =>
  escapeText(s)
    .replace(/[\r\n]+/g, " ")
    .replace(/#/g, "\\#");

function renderTap(r: PolicyTestReport): string {
  const out = ["TAP version 13", `1..${r.cases.length}`];
  r.cases.forEach((c, i) => {
    const ok = c.failures.length === 0;
    out.push(`${ok ? "ok" : "not ok"} ${i + 1} - ${tapText(`${c.type} ${c.test}: ${c.case}`)}`);
    if (!ok)
      out.push(
        "  ---",
        `  at: ${JSON.stringify(where(c))}`,
        "  failures:",
        ...c.failures.map((f) => `    - ${JSON.stringify(escapeText(f))}`),
        "  ...",
      );
  });
  for (const line of uncoveredLines(r)) out.push(`# ${tapText(line)}`);
  return `${out.join("\n")}\n`;
}

export const POLICY_TEST_FORMATS: Formats<PolicyTestReport> = {
  text: {
    description: "each case, its failures with file and line, then a summary",
    render: renderText,
  },
  json: jsonFormat("the cases, the uncovered segments and checks, and the summary"),
  junit: {
    description: "JUnit XML: a test suite a test file, a test case a case",
    render: renderJunit,
  },
  tap: { description: "TAP version 13", render: renderTap },
};
