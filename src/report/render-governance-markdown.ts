/**
 * The governance report in Markdown, readable on a repository page: sections in the report's
 * order, charts as text bars, every user string escaped. Arranges the report; computes nothing.
 */
import {
  ALLOCATION_HEADER,
  FRONTIER_HEADER,
  HOLDING_NOTE,
  allocationIntro,
  allocationOutcome,
  allocationRows,
  frontierRows,
  PROJECTED_HEADER,
  SUPPLIER_HEADER,
  projectedRows,
  supplierRows,
} from "./allocation-phrases.js";
import { clippedText, membershipText } from "./render-evaluation.js";
import type { Finding } from "../findings/finding.js";
import { formatValue, metricLabel, plural } from "../findings/metric-phrases.js";
import type { GovernanceReport, Measure, RiskRow } from "../governance/governance-report.js";
import {
  escapeMarkdown as md,
  escapeMarkdownCode as mdCode,
  escapeMarkdownCodeCell as mdCell,
} from "./escape.js";
import { groupByFact } from "../governance/report-facts.js";
import {
  ABOUT,
  GLOSSARY,
  SEVERITY_HEADINGS,
  basisText,
  boundText,
  evidenceText,
  exceptionStateText,
  exceptionsIntro,
  findingTitle,
  impliedText,
  judgedText,
  measureText,
  renderSections,
  policyVersionsText,
  pValueText,
  rateText,
  sourceText,
  statusText,
} from "./report-phrases.js";

/** A text bar `width` characters wide, with the bound marked `│` on the same scale. */
export function textBar(
  value: number,
  bound: number | undefined,
  scale: number,
  width = 30,
): string {
  const cells = Array.from({ length: width }, (_, i): string =>
    i < Math.round((value / scale) * width) ? "█" : "·",
  );
  if (bound !== undefined) {
    const at = Math.min(width - 1, Math.round((bound / scale) * width));
    cells[at] = "│";
  }
  return cells.join("");
}

function chart(
  title: string,
  rows: readonly RiskRow[],
  pick: (r: RiskRow) => Measure,
  metric: string,
): string[] {
  const values = rows.map(pick);
  const scale = Math.max(
    1e-9,
    ...values.map((m) => m.value ?? 0),
    ...values.map((m) => m.bound?.max ?? m.bound?.min ?? 0),
  );
  const width = Math.max(...rows.map((r) => r.name.length));
  return [
    `${title} (│ marks the tolerance)`,
    ...rows.map((r) => {
      const m = pick(r);
      const bound = m.bound?.max ?? m.bound?.min;
      return (
        `${r.name.padEnd(width)}  ${textBar(m.value ?? 0, bound, scale)} ` +
        ` ${formatValue(metric, m.value).padStart(6)} ` +
        ` ${boundText(metric, m.bound)}${m.breach ? "  ✗ breach" : ""}`
      );
    }),
  ];
}

/** Capital held against what the targets imply: under-stocked and over-stocked segments at a glance. */
function capitalChart(rows: readonly RiskRow[], currency: string): string[] {
  const scale = Math.max(1e-9, ...rows.flatMap((r) => [r.capital.value ?? 0, r.implied.capital]));
  const width = Math.max(...rows.map((r) => r.name.length));
  const money = (x: number | null) => formatValue("capital", x, currency);
  return [
    "Capital held (│ marks what the targets imply)",
    ...rows.map(
      (r) =>
        `${r.name.padEnd(width)}  ${textBar(r.capital.value ?? 0, r.implied.capital, scale)} ` +
        ` ${money(r.capital.value).padStart(11)} ` +
        ` implied ${money(r.implied.capital)}`,
    ),
  ];
}

const code = (id: string): string => mdCode(id);
const listed = (items: readonly string[]): string => (items.length ? ` — ${items.join(", ")}` : "");

const cell = (metric: string, m: Measure, currency?: string): string => {
  const bound = m.bound ? ` · ${boundText(metric, m.bound, currency)}` : "";
  return `${m.breach ? "**✗** " : ""}${measureText(metric, m, currency)}${bound}`;
};

/** Cover with its target range, marked when it is outside it. */
function coverText(s: RiskRow): string {
  const range = s.coverWeeks.bound ? ` (${boundText("coverWeeks", s.coverWeeks.bound)})` : "";
  const mark = s.coverOutside ? `**✗ ${s.coverOutside}** ` : "";
  return `${mark}${formatValue("coverWeeks", s.coverWeeks.value)}${range}`;
}

/** A finding, and the findings that state the same fact, named with their policy lines. */
function findingGroup(group: readonly Finding[], currency: string): string[] {
  const [lead, ...same] = group;
  if (!lead) return [];
  const also = same.map(
    (f) => `**${md(findingTitle(f))}**${f.source ? ` (\`${md(sourceText(f.source))}\`)` : ""}`,
  );
  return [
    ...finding(lead, currency),
    ...(also.length ? [`  The same fact, also: ${also.join("; ")}.`] : []),
  ];
}

function finding(f: Finding, currency: string): string[] {
  return [
    `- **${md(findingTitle(f))}** — ${statusText(f)}, owner ${md(f.owner)}  `,
    `  ${md(f.message)}  `,
    `  Evidence: ${md(evidenceText(f, currency))}.${f.source ? ` Policy line: \`${md(sourceText(f.source))}\`.` : ""}`,
  ];
}

/** The title, what the report rests on, and the verdict. */
function headSection(r: GovernanceReport): string[] {
  const out: string[] = [
    `# Stock policy governance — ${md(r.company)}, ${r.month}`,
    "",
    `As of ${r.asOf}, over the window ${r.window.from} – ${r.window.to}. ` +
      `Generated by stockpolicy ${r.tool.version} ` +
      `from the policies and the recorded outcomes; every number comes with how many observations it rests ` +
      `on (n) and, where one can be given, its 95% interval.` +
      `${r.partial ? ` **The data ends on ${r.asOf}: this month is partial.**` : ""}` +
      `${r.windowAsked ? ` **${clippedText(r)}**` : ""} ${membershipText(r)}`,
    "",
    "## Verdict",
    "",
    ...r.verdict.lines.map((l) => `> ${md(l)}  `),
    "",
  ];
  return out;
}

/** Where risk sits: the charts and the table. */
function riskSection(r: GovernanceReport): string[] {
  const c = r.currency;
  const out: string[] = [
    "## Where risk sits",
    "",
    "```text",
    ...capitalChart(r.risk.segments, c),
    "",
    ...chart("Share of capital", r.risk.segments, (s) => s.capitalShare, "capitalShare"),
    "",
    ...chart("Fill rate", r.risk.segments, (s) => s.fillRate, "fillRate"),
    "",
    ...chart("Excess share of capital", r.risk.segments, (s) => s.excessShare, "excessShare"),
    "```",
    "",
    "*Targets imply*: the capital and fill rate the segment's targets come to under the (R, S) model, " +
      "with the demand and lead times observed in the window.",
    "",
    "| segment | owner | SKUs | capital | targets imply | share of capital | fill rate | lost revenue " +
      "| excess share | cover (target) | open findings |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const s of [...r.risk.segments, r.risk.portfolio]) {
    const f = s.findings;
    out.push(
      `| ${s.name === "portfolio" ? "**portfolio**" : md(s.name)} | ${md(s.owner)} ` +
        `| ${s.skus} | ${cell("capital", s.capital, c)} ` +
        `| ${impliedText(s, c)} | ${cell("capitalShare", s.capitalShare)} | ${cell("fillRate", s.fillRate)} ` +
        `| ${formatValue("capital", s.lostRevenue, c)} ` +
        `| ${cell("excessShare", s.excessShare)} | ${coverText(s)} ` +
        `| ${plural(f.error, "error")}, ${plural(f.warning, "warning")}, ${f.info} info |`,
    );
  }

  return out;
}

/** Where capital should sit: the allocation today → proposed, then each segment's frontier. */
function allocationSection(r: GovernanceReport): string[] {
  const a = r.allocation;
  if (!a) return [];
  const c = r.currency;
  const row = (cells: readonly string[]) => `| ${cells.map(md).join(" | ")} |`;
  const out = [
    "",
    "## Where capital should sit",
    "",
    md(allocationIntro(a)).replace(/\\`/g, "`"),
    "",
    row(ALLOCATION_HEADER),
    `|---|---|${ALLOCATION_HEADER.slice(2)
      .map(() => "---:")
      .join("|")}|`,
    ...allocationRows(a, c).map(row),
    "",
    md(allocationOutcome(a, c)),
    "",
    md(HOLDING_NOTE(a)),
  ];
  for (const s of a.frontiers.segments) {
    const proposed = a.allocation.segments.find((x) => x.name === s.name)?.proposed.target;
    out.push(
      "",
      `### Frontier of ${md(s.name)} (${plural(s.replayed, "SKU")} replayed)`,
      "",
      row(FRONTIER_HEADER),
      `|---|${FRONTIER_HEADER.slice(1)
        .map(() => "---:")
        .join("|")}|`,
      ...frontierRows(s, proposed, c).map(row),
    );
  }
  return out;
}

/** Stock ahead: SKUs projected to run out, and exposure by supplier. */
function aheadSection(r: GovernanceReport): string[] {
  const c = r.currency;
  const row = (cells: readonly string[]) => `| ${cells.map(md).join(" | ")} |`;
  const projected = projectedRows(r.findings, c);
  const out = [
    "",
    "## Ahead: projected stockouts and suppliers",
    "",
    "On hand and open orders (later by a SKU's typical delay) against expected demand — the forecast where " +
      "there is one, else the window's mean — over each SKU's lead time (until an order placed today could " +
      "arrive), and through a seasonal build window's cover.",
    "",
  ];
  if (projected.length === 0) out.push("No SKU is projected to run out.");
  else out.push(row(PROJECTED_HEADER), `|---|---|---|---:|---:|---|`, ...projected.map(row));
  out.push(
    "",
    "By supplier, across segments: a late supplier is one row, naming every segment it delays.",
    "",
    row(SUPPLIER_HEADER),
    `|---|---:|---:|---:|---:|---:|---|---:|---:|`,
    ...supplierRows(r.suppliers, c).map(row),
  );
  return out;
}

/** The findings by severity with evidence and policy line, then counted by owner. */
function findingsSection(r: GovernanceReport): string[] {
  const c = r.currency;
  const out: string[] = [];
  out.push("", "## Findings", "");
  const open = r.findings.filter((f) => f.status !== "resolved");
  if (open.length === 0) out.push("No open findings.");
  for (const severity of ["error", "warning", "info"] as const) {
    const list = open.filter((f) => f.severity === severity && !f.waived);
    if (list.length === 0) continue;
    out.push(`### ${SEVERITY_HEADINGS[severity]} (${list.length})`, "");
    for (const group of groupByFact(list)) out.push(...findingGroup(group, c));
    out.push("");
  }
  const waived = open.filter((f) => f.waived);
  if (waived.length > 0) {
    out.push(`### Waived (${waived.length})`, "");
    for (const f of waived) out.push(...finding(f, c));
    out.push("");
  }
  out.push("### By owner", "", "| owner | errors | warnings | info |", "|---|---:|---:|---:|");
  for (const o of r.owners) out.push(`| ${md(o.owner)} | ${o.error} | ${o.warning} | ${o.info} |`);

  return out;
}

/** Every assumption against what the window shows, and the patches the data supports. */
function driftSection(r: GovernanceReport): string[] {
  const out: string[] = [];
  out.push(
    "",
    "## Drift",
    "",
    "What each segment assumes about demand and supply, against what the window shows.",
    "",
    "| segment | assumption | assumed | observed (95% interval) | n | verdict | policy line |",
    "|---|---|---:|---:|---:|---|---|",
  );
  for (const d of r.drift)
    out.push(
      `| ${md(d.segment)} | ${metricLabel(d.metric)} | ${boundText(d.metric, d.assumed)} ` +
        `| ${measureText(d.metric, d.observed)} ` +
        `| ${d.observed.n.toLocaleString("en-US")} | ${d.verdict === "drifted" ? "**drifted**" : d.verdict} ` +
        `| ${d.source ? mdCell(sourceText(d.source)) : ""} |`,
    );

  for (const p of r.patches)
    out.push(
      "",
      `What the data supports for ${md(p.segment)} (owner ${md(p.owner)}), as a patch to review:`,
      "",
      "```yaml",
      p.yaml.trimEnd(),
      "```",
    );

  return out;
}

/** Overrides by segment and planner, and what became of overriding orders. */
function overridesSection(r: GovernanceReport): string[] {
  const out: string[] = [];
  const o = r.overrides;
  out.push(
    "",
    "## Overrides",
    "",
    "| segment | decisions | override rate | up | down | tolerance |",
    "|---|---:|---:|---:|---:|---:|",
  );
  for (const s of o.segments)
    out.push(
      `| ${md(s.name)} | ${s.decisions} | ${rateText(s.rate)} | ${formatValue("overrideRate", s.upRate.value)} ` +
        `| ${formatValue("overrideRate", s.downRate.value)} ` +
        `| ${s.limit === null ? "" : `≤ ${formatValue("overrideRate", s.limit)}`} |`,
    );
  out.push(
    "",
    "| planner | segments | decisions | override rate | up | down | routine at |",
    "|---|---|---:|---:|---:|---:|---:|",
  );
  for (const p of o.planners)
    out.push(
      `| ${md(p.name)} | ${md((p.segments ?? []).join(", "))} | ${p.decisions} | ${rateText(p.rate)} | ` +
        `${formatValue("overrideRate", p.upRate.value)} | ${formatValue("overrideRate", p.downRate.value)} ` +
        `| ${p.limit === null ? "" : formatValue("overrideRate", p.limit)} |`,
    );
  out.push(
    "",
    judgedText(o),
    "",
    "| outcome | overridden | followed | difference |",
    "|---|---:|---:|---|",
  );
  for (const x of o.outcomes)
    out.push(
      `| ended in ${x.outcome} | ${rateText(x.overridden)} | ${rateText(x.followed)} ` +
        `| ${x.verdict}${x.p === null ? "" : ` (${pValueText(x.p)})`} |`,
    );

  return out;
}

/** Asymmetry, firefighting, overriding on the rise, and reviews. */
function signalsSection(r: GovernanceReport): string[] {
  const out: string[] = [];
  const o = r.overrides;
  out.push("", "## Warning signals", "");
  const signal = (title: string, list: readonly Finding[]) => {
    out.push(`**${title}:** ${list.length === 0 ? "none." : ""}`);
    for (const f of list) out.push(`- ${md(f.message)}`);
    out.push("");
  };
  signal("Excess growing while stockouts rise", r.signals.asymmetry);
  signal("Firefighting", r.signals.firefighting);
  const rising = o.rising.filter((x) => x.rising);
  out.push(
    `**Overriding on the rise** (first against last third of the ` +
      `window): ${rising.length === 0 ? "in no segment." : ""}`,
  );
  for (const x of o.rising)
    if (x.early.n > 0 || x.late.n > 0)
      out.push(
        `- ${md(x.segment)}: ${rateText(x.early)} → ${rateText(x.late)}` +
          `${x.p === null ? "" : `, ${pValueText(x.p)}`}` +
          `${x.rising ? " — **rising**" : ""}`,
      );
  out.push(
    "",
    "**Reviews:**",
    "",
    "| policy | owner | reviewed | every | due | status |",
    "|---|---|---|---:|---|---|",
  );
  for (const p of r.signals.reviews)
    out.push(
      `| ${md(p.name)} | ${md(p.owner)} | ${p.reviewedOn} | ${p.reviewEveryDays} days | ${p.reviewDue} ` +
        `| ${p.overdueDays > 0 ? `**${p.overdueDays} days overdue**` : `due in ${-p.overdueDays} days`} |`,
    );

  return out;
}

/** Every exception with its state, what it waives and its line; then routine waiving. */
function exceptionsSection(r: GovernanceReport): string[] {
  const out = ["", "## Exceptions", "", exceptionsIntro(r)];
  const rows = r.exceptions.exceptions;
  if (rows.length > 0)
    out.push(
      "",
      "| exception | owner | approved by | approved | expires | state | waives | reason | line |",
      "|---|---|---|---|---|---|---:|---|---|",
      ...rows.map(
        (e) =>
          `| ${md(e.name)} | ${md(e.owner)} | ${md(e.approvedBy)} | ${e.approvedOn} | ${e.expires} ` +
          `| ${md(exceptionStateText(e))} | ${e.waives} | ${md(e.reason)} | ${mdCell(`${e.file}:${e.line}`)} |`,
      ),
    );
  out.push("", `**Routine exceptions:**${r.exceptions.routine.length === 0 ? " none." : ""}`);
  for (const f of r.exceptions.routine) out.push(`- ${md(f.message)}`);
  return out;
}

/** What changed since last month: findings new, persisting, resolved; policy versions. */
function changesSection(r: GovernanceReport): string[] {
  const out: string[] = [];
  const ch = r.changes;
  out.push("", `## What changed since ${ch.previousMonth}`, "");
  out.push(
    basisText(ch),
    "",
    `- New: ${ch.new.length}${listed(ch.new.map(code))}`,
    `- Persisting: ${ch.persisting.length}${listed(ch.persisting.map((p) => `${code(p.id)} (${p.runs} months)`))}`,
    `- Resolved: ${ch.resolved.length}${listed(ch.resolved.map(code))}`,
    `- Policy versions: ${md(policyVersionsText(ch))}`,
  );

  return out;
}

/** Month over month, from the committed reports: capital, fill rate and open findings. */
function trendSection(r: GovernanceReport): string[] {
  const money = (x: number | null) => formatValue("capital", x, r.currency);
  return [
    "",
    "## Month over month",
    "",
    "From the reports committed before this one, and this month.",
    "",
    "| month | capital | fill rate | errors | warnings | info |",
    "|---|---:|---:|---:|---:|---:|",
    ...r.trend.map(
      (t) =>
        `| ${t.month} | ${money(t.capital)} | ${formatValue("fillRate", t.fillRate)} ` +
        `| ${t.findings.error} | ${t.findings.warning} | ${t.findings.info} |`,
    ),
  ];
}

/** Each owner's to-do list. */
function todoSection(r: GovernanceReport): string[] {
  const out: string[] = [];
  out.push("", "## To-do by owner", "");
  if (r.todo.length === 0) out.push("Nothing to do.");
  for (const t of r.todo) {
    out.push(`### ${md(t.owner)}`, "");
    for (const i of t.items) out.push(`- [ ] **${i.severity}** ${md(i.action)}`);
    if (t.info) out.push(`- ${plural(t.info, "info finding")} to note, nothing to do.`);
    out.push("");
  }
  return out;
}

export function renderGovernanceMarkdown(r: GovernanceReport): string {
  const out = renderSections(r, {
    head: headSection,
    risk: riskSection,
    allocation: allocationSection,
    ahead: aheadSection,
    findings: findingsSection,
    drift: driftSection,
    overrides: overridesSection,
    signals: signalsSection,
    exceptions: exceptionsSection,
    changes: changesSection,
    trend: trendSection,
    todo: todoSection,
  });
  out.push("", "## About this report", "", ...ABOUT.flatMap((p) => [p, ""]));
  out.push(
    "### Glossary",
    "",
    ...GLOSSARY.map(([word, meaning]) => `- **${word}**: ${meaning}`),
    "",
  );
  return `${out.join("\n").trimEnd()}\n`;
}

/** What a newcomer needs to read the report: fixed text, the same every month. */
