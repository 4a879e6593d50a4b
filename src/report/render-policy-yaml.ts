/**
 * Drafted policies as YAML files an editor and a reviewer can work with: the schema modeline
 * first, one flow mapping a bound, and after each drafted number a comment that says where it
 * came from. Every value written is a number or one of the tool's own words (segment names,
 * metric names, patterns), quoted as JSON, so no data can become YAML structure.
 */
import type { Noted, PolicyDraft } from "../governance/draft-policies.js";
import type { Bounds, Condition, MetricBounds, RiskTolerance, SegmentPolicy } from "../types.js";

const WIDTH = 96;

/** A folded block scalar, its lines at most WIDTH wide. */
function folded(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(`${indent}${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent}${line}`);
  return lines;
}

/** YAML words that would not read back as the text they spell. */
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

/** A number as it is; a plain word of the tool's own unquoted; anything else quoted as JSON. */
const scalar = (v: unknown): string => {
  if (typeof v === "number") return String(v);
  if (typeof v === "string" && /^[A-Za-z][A-Za-z0-9_-]*$/.test(v) && !RESERVED.test(v)) return v;
  return JSON.stringify(v);
};
const comment = (note: string | undefined): string =>
  note ? ` # ${note.replace(/[\r\n]+/g, " ")}` : "";

function flow(value: Record<string, unknown>): string {
  const parts = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.map(scalar).join(", ")}]` : scalar(v)}`);
  return `{ ${parts.join(", ")} }`;
}

function metadataLines(p: Noted<{ metadata: SegmentPolicy["metadata"] }>): string[] {
  const m = p.value.metadata;
  return [
    "metadata:",
    `  name: ${m.name}`,
    `  version: ${m.version}`,
    `  owner: ${m.owner} # TODO: the person or team who answers for this policy`,
    `  reviewedOn: ${m.reviewedOn} # drafted today: review it with its owner before relying on it`,
    `  reviewEveryDays: ${m.reviewEveryDays}`,
    "  rationale: >-",
    ...folded(p.rationale, "    "),
  ];
}

function boundLines(
  section: string,
  bounds: MetricBounds | undefined,
  notes: Record<string, string>,
): string[] {
  const entries = Object.entries<Bounds>(bounds ?? {});
  if (entries.length === 0) return [];
  return [
    `${section}:`,
    ...entries.map(([metric, b]) => {
      const note = [notes[`${section}.${metric}.min`], notes[`${section}.${metric}.max`]]
        .filter(Boolean)
        .join("; ");
      return `  ${metric}: ${flow({ min: b.min, max: b.max })}${comment(note)}`;
    }),
  ];
}

/** A condition as a sequence item at `indent`: a leaf as one flow mapping, all/any as a block. */
function conditionItem(c: Condition, indent: string): string[] {
  for (const key of ["all", "any"] as const)
    if (key in c) {
      const children = (c as Record<typeof key, Condition[]>)[key];
      return [
        `${indent}- ${key}:`,
        ...children.flatMap((ch) => conditionItem(ch, `${indent}    `)),
      ];
    }
  return [`${indent}- ${flow(c as unknown as Record<string, unknown>)}`];
}

function conditionLines(match: SegmentPolicy["match"], note: string | undefined): string[] {
  if (!match || !("all" in match)) return [];
  return [
    `match:${comment(note)}`,
    "  all:",
    ...match.all.flatMap((c: Condition) => conditionItem(c, "    ")),
  ];
}

export function renderSegmentYaml(p: Noted<SegmentPolicy>): string {
  const t = p.value.targets;
  return [
    "# yaml-language-server: $schema=../../schemas/segment-policy.schema.json",
    "apiVersion: stockpolicy/v1",
    "kind: SegmentPolicy",
    ...metadataLines(p),
    ...conditionLines(p.value.match, p.notes.match),
    `priority: ${p.value.priority} # every drafted segment has its own priority: no two can claim a SKU equally`,
    ...boundLines("assumptions", p.value.assumptions, p.notes),
    "targets:",
    `  fillRate: ${t.fillRate}${comment(p.notes["targets.fillRate"])}`,
    `  reviewPeriodDays: ${t.reviewPeriodDays}${comment(p.notes["targets.reviewPeriodDays"])}`,
    `  cover: ${flow(t.cover)}${comment(p.notes["targets.cover"])}`,
    ...boundLines("tolerance", p.value.tolerance, p.notes),
    "",
  ].join("\n");
}

export function renderToleranceYaml(p: Noted<RiskTolerance>): string {
  const v = p.value;
  return [
    "# yaml-language-server: $schema=../schemas/risk-tolerance.schema.json",
    "apiVersion: stockpolicy/v1",
    "kind: RiskTolerance",
    ...metadataLines(p),
    `currency: ${v.currency}${comment(p.notes.currency)}`,
    ...(Object.keys(v.portfolio).length > 0
      ? boundLines("portfolio", v.portfolio, p.notes)
      : ["portfolio: {}"]),
    "overrides:",
    `  threshold: ${v.overrides.threshold}${comment(p.notes["overrides.threshold"])}`,
    `  routine: ${flow(v.overrides.routine)}${comment(p.notes["overrides.routine"])}`,
    "",
  ].join("\n");
}

/** The policy folder's files, by path inside it. */
export function renderPolicyFiles(draft: PolicyDraft): Record<string, string> {
  return {
    "tolerance.yaml": renderToleranceYaml(draft.tolerance),
    ...Object.fromEntries(
      draft.segments.map((s) => [`segments/${s.value.metadata.name}.yaml`, renderSegmentYaml(s)]),
    ),
  };
}
