/**
 * A policy diff as Markdown fit for a pull-request comment: a summary line, then the changed
 * fields, the SKUs that move segment, the segments before and after, and the findings that
 * appear or go. Every list is capped (the rest counted), so the comment stays well under
 * GitHub's 65,536 characters whatever the change.
 */
import { formatValue, plural } from "../findings/metric-phrases.js";
import type { PolicyDiff, SegmentSide } from "../governance/policy-diff.js";
import {
  escapeMarkdown as md,
  escapeMarkdownCode as mdCode,
  escapeMarkdownCodeCell as mdCell,
} from "./escape.js";
import { sourceText } from "./report-phrases.js";
import { jsonFormat } from "./format.js";
import type { Formats } from "./format.js";

/** Rows a list shows before counting the rest. */
export const DIFF_ROWS = 25;
/** SKUs named a move. */
export const DIFF_SKUS = 5;
/** The longest a value, or a finding's message, is shown. */
const VALUE_CHARS = 80;
const MESSAGE_CHARS = 300;

const cut = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

const value = (v: unknown): string => {
  if (v === null || v === undefined) return "—";
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return mdCell(cut(text, VALUE_CHARS));
};

const more = (n: number, what: string): string[] => (n > 0 ? [`… and ${n} more ${what}.`] : []);

const sideText = (s: SegmentSide | null, currency: string): string =>
  s
    ? `${s.skus} SKUs; targets imply ${formatValue("capital", s.impliedCapital, currency)} ` +
      `at ${formatValue("fillRate", s.impliedFillRate)} ` +
      `fill rate; replayed over the window ${formatValue("capital", s.replay.meanCapital, currency)} at ` +
      `${formatValue("fillRate", s.replay.fillRate)}, ${s.replay.stockoutDays} ` +
      `stockout days; held ${formatValue("capital", s.capital, currency)} ` +
      `at ${formatValue("fillRate", s.fillRate)}`
    : "—";

const signed = (x: number, currency: string): string =>
  `${x >= 0 ? "+" : "−"}${formatValue("capital", Math.abs(x), currency)}`;

/** The title and what the change does, in two paragraphs. */
function diffHead(d: PolicyDiff, moved: number, currency: string): string[] {
  const policies = new Set(d.fields.map((f) => `${f.kind}/${f.policy}`)).size;
  return [
    `### stockpolicy diff: ${mdCode(d.base)} → working tree`,
    "",
    `Over the outcomes as of ${d.asOf} (window ${d.window.from} – ${d.window.to}): **${d.fields.length} ` +
      `field${d.fields.length === 1 ? "" : "s"} changed in ${policies} polic${policies === 1 ? "y" : "ies"}**, ` +
      `**${moved} SKU${moved === 1 ? "" : "s"} change segment**, **${d.findings.appear.length} finding` +
      `${d.findings.appear.length === 1 ? " appears" : "s appear"}** ` +
      `and **${d.findings.go.length} go**. Findings: ${plural(d.summary.base.error, "error")}, ` +
      `${plural(d.summary.base.warning, "warning")} before; ${plural(d.summary.head.error, "error")}, ` +
      `${plural(d.summary.head.warning, "warning")} after.`,
    "",
    `**Capital and service the targets imply** under the demand and lead times observed now ((R, S) model): ` +
      `${formatValue("capital", d.implied.before.capital, currency)} → ` +
      `${formatValue("capital", d.implied.after.capital, currency)} ` +
      `(${signed(d.implied.after.capital - d.implied.before.capital, currency)}), expected ` +
      `fill rate ${formatValue("fillRate", d.implied.before.fillRate)} ` +
      `→ ${formatValue("fillRate", d.implied.after.fillRate)}.`,
  ];
}

/** The policy fields changed and the SKUs that change segment. */
function diffTables(d: PolicyDiff): string[] {
  const out: string[] = [];
  if (d.fields.length > 0) {
    out.push(
      "",
      "#### Policy fields changed",
      "",
      "| policy | field | before | after | line |",
      "|---|---|---|---|---|",
    );
    for (const f of d.fields.slice(0, DIFF_ROWS)) {
      const whole = f.field === "";
      const field = whole ? (f.before === null ? "*added*" : "*removed*") : mdCell(f.field);
      const line = f.source ? mdCell(sourceText(f.source)) : "";
      out.push(
        `| ${md(f.policy)} | ${field} | ${whole ? "" : value(f.before)} | ${whole ? "" : value(f.after)} ` +
          `| ${line} |`,
      );
    }
    out.push(...more(d.fields.length - DIFF_ROWS, "fields"));
  }
  if (d.moves.length > 0) {
    out.push(
      "",
      "#### SKUs that change segment",
      "",
      "| from | to | SKUs | for example |",
      "|---|---|---:|---|",
    );
    const side = (name: string | null) => (name === null ? "*none*" : md(name));
    for (const m of d.moves.slice(0, DIFF_ROWS)) {
      const examples = m.skus.slice(0, DIFF_SKUS).map((s) => mdCode(s));
      const etc = m.skus.length > DIFF_SKUS ? ", …" : "";
      out.push(
        `| ${side(m.from)} | ${side(m.to)} | ${m.skus.length} | ${examples.join(", ")}${etc} |`,
      );
    }
    out.push(...more(d.moves.length - DIFF_ROWS, "moves"));
  }
  return out;
}

const DIRECTION_WORDS = {
  towards: "towards",
  away: "away from",
  neither: "no nearer to",
} as const;

/** Each changed fill-rate target against where the base policies' capital serves most margin. */
function allocationLines(d: PolicyDiff): string[] {
  const a = d.allocation;
  if (!a || a.targets.length === 0) return [];
  const rate = (x: number) => formatValue("fillRate", x);
  return [
    "",
    "#### Fill-rate targets against where the capital serves most",
    "",
    `Each segment replayed over ${a.from} – ${a.to} at a ladder of targets; the allocation is the ` +
      "targets that serve the most margin with the capital the base targets hold (`stockpolicy allocate`).",
    "",
    ...a.targets
      .slice(0, DIFF_ROWS)
      .map(
        (t) =>
          `- ${md(t.segment)}: ${rate(t.before)} → ${rate(t.after)}, **${DIRECTION_WORDS[t.direction]}** ` +
          `the allocation's ${rate(t.proposed)}`,
      ),
    ...more(a.targets.length - DIFF_ROWS, "targets"),
  ];
}

/** The exceptions the change adds, extends, shortens, changes or removes, with their lines. */
function exceptionLines(d: PolicyDiff): string[] {
  if (d.exceptions.length === 0) return [];
  return [
    "",
    "#### Exceptions",
    "",
    "| exception | change | expires | owner | approved by | line |",
    "|---|---|---|---|---|---|",
    ...d.exceptions.slice(0, DIFF_ROWS).map((e) => {
      const expires =
        e.expires.before && e.expires.after && e.expires.before !== e.expires.after
          ? `${e.expires.before} → ${e.expires.after}`
          : (e.expires.after ?? e.expires.before ?? "");
      return (
        `| ${md(e.name)} | ${e.change} | ${expires} | ${md(e.owner)} | ${md(e.approvedBy)} ` +
        `| ${mdCell(`${e.source.file}:${e.source.line}`)} |`
      );
    }),
    ...more(d.exceptions.length - DIFF_ROWS, "exceptions"),
  ];
}

export function renderDiffMarkdown(d: PolicyDiff, currency = "USD"): string {
  const moved = d.moves.reduce((t, m) => t + m.skus.length, 0);
  const out = [...diffHead(d, moved, currency), ...diffTables(d)];
  const changed = d.segments.filter((s) => JSON.stringify(s.before) !== JSON.stringify(s.after));
  if (changed.length > 0) {
    out.push(
      "",
      "#### Segments, before → after",
      "",
      "| segment | before | after |",
      "|---|---|---|",
    );
    for (const s of changed.slice(0, DIFF_ROWS))
      out.push(
        `| ${md(s.name)} | ${sideText(s.before, currency)} | ${sideText(s.after, currency)} |`,
      );
    out.push(...more(changed.length - DIFF_ROWS, "segments"));
  }
  out.push(...allocationLines(d), ...exceptionLines(d));
  for (const [title, list] of [
    ["Findings that appear", d.findings.appear],
    ["Findings that go", d.findings.go],
    ["Findings the change waives", d.findings.waived],
    ["Findings no longer waived", d.findings.unwaived],
  ] as const) {
    if (list.length === 0) continue;
    out.push("", `#### ${title}`, "");
    for (const f of list.slice(0, DIFF_ROWS))
      out.push(`- **${f.severity}** ${mdCode(f.id)} — ${md(cut(f.message, MESSAGE_CHARS))}`);
    out.push(...more(list.length - DIFF_ROWS, "findings"));
  }
  const findings = Object.values(d.findings).reduce((t, list) => t + list.length, 0);
  if (d.fields.length === 0 && moved === 0 && findings === 0) out.push("", "No policy change.");
  return `${out.join("\n")}\n`;
}

export const DIFF_FORMATS: Formats<{ diff: PolicyDiff; currency: string }> = {
  markdown: {
    description: "Markdown for a pull-request comment",
    render: ({ diff, currency }) => renderDiffMarkdown(diff, currency),
  },
  json: jsonFormat("the diff document", ({ diff }) => diff),
};
