/**
 * The reference part of CONTRACT.md, rendered from the definitions the code runs on: the CSV
 * contract, the metric catalog, the finding kinds and the JSON Schemas. A test keeps the file
 * current, so the prose can never describe a column, metric or field the code does not know.
 */
import { SCHEMAS } from "../evaluate/evaluation-schema.js";
import { FINDING_KINDS, FINDING_SCOPES, FINDING_STATUSES } from "../findings/kinds.js";
import { OUTCOME_FILES } from "../outcomes/contract.js";
import type { ColumnSpec } from "../outcomes/contract.js";
import { METRICS, METRIC_NAMES } from "../vocabulary/metric-catalog.js";

export const REFERENCE_BEGIN = "<!-- reference: generated from src/ by test/contract.test.ts -->";
export const REFERENCE_END = "<!-- end of reference -->";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");

function columnType(c: ColumnSpec): string {
  if (c.type === "enum") return `one of ${(c.values ?? []).map((v) => `\`${v}\``).join(", ")}`;
  if (c.type === "flag") return "0 or 1";
  if (c.type === "date") return c.happened ? "date, not after today" : "date";
  if (c.type === "number") {
    if (c.min === undefined) return "number";
    return `number ${c.exclusiveMin ? ">" : "≥"} ${c.min}`;
  }
  return "text";
}

function renderFiles(): string[] {
  const lines = ["### CSV files", "", "| file | required | key | column | type | required |"];
  lines.push("|---|---|---|---|---|---|");
  for (const f of OUTCOME_FILES) {
    f.columns.forEach((c, i) => {
      const head =
        i === 0
          ? `\`${f.file}\` | ${f.required ? "yes" : "no"} | ${f.key.map((k) => `\`${k}\``).join(", ") || "none"}`
          : " | | ";
      lines.push(`| ${head} | \`${c.name}\` | ${columnType(c)} | ${c.required ? "yes" : "no"} |`);
    });
  }
  return lines;
}

function renderMetrics(): string[] {
  const lines = ["### Metrics", "", "| metric | range | meaning |", "|---|---|---|"];
  for (const name of METRIC_NAMES) {
    const m = METRICS[name] as { range: string; description: string; values?: readonly string[] };
    const range = m.values ? m.values.map((v) => `\`${v}\``).join(", ") : m.range;
    lines.push(`| \`${name}\` | ${range} | ${cell(m.description)} |`);
  }
  return lines;
}

interface SchemaNode {
  description?: string;
  type?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  $ref?: string;
}

/** Fields of a schema to a depth of two, each with whether it is required and what it means. */
function renderSchema(name: string, schema: SchemaNode): string[] {
  const lines = [`#### \`schemas/${name}.schema.json\``, "", cell(schema.description ?? ""), ""];
  lines.push("| field | required | meaning |", "|---|---|---|");
  const walk = (node: SchemaNode, prefix: string, depth: number): void => {
    const props = node.properties ?? node.items?.properties ?? {};
    for (const [key, sub] of Object.entries(props)) {
      const required = (node.required ?? node.items?.required ?? []).includes(key);
      lines.push(
        `| \`${prefix}${key}\` | ${required ? "yes" : ""} | ${cell(sub.description ?? "")} |`,
      );
      // assumptions and tolerance list every metric; their bounds are alike, so one level does
      if (depth < 1 && !["assumptions", "tolerance"].includes(key))
        walk(sub, `${prefix}${key}.`, depth + 1);
    }
  };
  walk(schema, "", 0);
  return lines;
}

function renderKinds(): string[] {
  const code = (v: string): string => `\`${v}\``;
  return [
    "### Findings",
    "",
    `Kinds: ${FINDING_KINDS.map(code).join(", ")}.`,
    "",
    `Scopes: ${FINDING_SCOPES.map(code).join(", ")}. Statuses: ${FINDING_STATUSES.map(code).join(", ")}.`,
  ];
}

/** The generated reference section, markers included. */
export function renderContractReference(): string {
  const schemas = Object.entries(SCHEMAS).flatMap(([name, s]) => [
    ...renderSchema(name, s as SchemaNode),
    "",
  ]);
  return [
    REFERENCE_BEGIN,
    "",
    ...renderFiles(),
    "",
    ...renderMetrics(),
    "",
    ...renderKinds(),
    "",
    "### Schemas",
    "",
    ...schemas,
    REFERENCE_END,
  ].join("\n");
}
