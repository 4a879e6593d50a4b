/**
 * `check` as SARIF 2.1.0, the format of GitHub code scanning and most static-analysis viewers:
 * one rule a finding kind, one result a finding on its policy line (a finding with no line of its
 * own is placed on its segment's file, else on the tolerance file's first line), and the finding
 * id as a fingerprint, so a viewer tracks a finding from run to run. Results a baseline already
 * holds are marked `unchanged`, the others `new`. JSON escapes every user string.
 */
import { actionFor } from "../findings/kinds.js";
import type { Finding } from "../findings/finding.js";
import type { Severity } from "../types.js";
import { VERSION } from "../version.js";
import type { CheckOutcome } from "./render-check.js";
import { renderJsonText } from "./format.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  info: "note",
};

interface Place {
  file: string;
  line: number;
  column: number;
}

/** Where a finding is shown: its own line, else its policy's file, else the tolerance file. */
function placeOf(f: Finding, c: CheckOutcome): Place {
  if (f.source) return f.source;
  const policy = c.document.policies.find((p) => p.name === (f.policy ?? f.subject));
  return { file: policy?.file ?? c.toleranceFile, line: 1, column: 1 };
}

function result(f: Finding, c: CheckOutcome): Record<string, unknown> {
  const place = placeOf(f, c);
  return {
    ruleId: f.kind,
    level: LEVEL[f.severity],
    message: { text: `${f.message} ${actionFor(f)}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: place.file.split("\\").join("/") },
          region: { startLine: place.line, startColumn: place.column },
        },
      },
    ],
    partialFingerprints: { "stockpolicyFindingId/v1": f.id },
    ...(c.baseline ? { baselineState: c.baseline.ids.has(f.id) ? "unchanged" : "new" } : {}),
    // A waived finding is an accepted suppression (SARIF §3.35), with the exception as justification.
    ...(f.waived
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification:
                `${f.waived.exception} (${f.waived.source.file}:${f.waived.source.line}), approved by ` +
                `${f.waived.approvedBy}, until ${f.waived.expires}: ${f.waived.reason}`,
            },
          ],
        }
      : {}),
    properties: { subject: f.subject, scope: f.scope, owner: f.owner, evidence: f.evidence },
  };
}

export function renderSarif(c: CheckOutcome): string {
  const findings = c.document.findings.filter((f) => f.status !== "resolved");
  const kinds = [...new Set(findings.map((f) => f.kind))].sort();
  return renderJsonText({
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "stockpolicy",
            version: VERSION,
            informationUri: "https://github.com/stockpolicy/stockpolicy",
            rules: kinds.map((kind) => ({ id: kind, shortDescription: { text: kind } })),
          },
        },
        results: findings.map((f) => result(f, c)),
      },
    ],
  });
}
