/**
 * The governance report as one self-contained HTML file: inline CSS and SVG charts, no script,
 * nothing fetched, printable. The same sections and words as the Markdown; every user string
 * escaped. Arranges the report; computes nothing.
 */
import { clippedText, membershipText } from "./render-evaluation.js";
import type { Finding } from "../findings/finding.js";
import { formatValue, metricLabel, plural } from "../findings/metric-phrases.js";
import type { GovernanceReport, Measure, RiskRow } from "../governance/governance-report.js";
import { escapeHtml as h } from "./escape.js";
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
  intervalText,
  judgedText,
  measureText,
  renderSections,
  policyVersionsText,
  pValueText,
  rateText,
  sourceText,
  statusText,
} from "./report-phrases.js";
import { svgBarChart } from "./svg-bar-chart.js";
import { svgLineChart } from "./svg-line-chart.js";
import { svgFrontierChart } from "./svg-frontier-chart.js";
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
import { groupByFact } from "../governance/report-facts.js";

/* eslint-disable max-len -- the stylesheet is data: its lines are the bytes of the report */
const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2430; margin: 2rem auto; max-width: 980px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #d8dee8; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin-bottom: .3rem; }
.meta { color: #5a6475; }
.verdict { border-left: 6px solid #2f7d4f; background: #f2f8f4; padding: .6rem 1rem; }
.verdict.needs-attention { border-color: #c48a12; background: #fdf7ea; }
.verdict.out-of-tolerance { border-color: #b3261e; background: #fcf0ef; }
.verdict p { margin: .2rem 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 13px; }
th, td { border-bottom: 1px solid #e3e7ee; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f4f6f9; }
td.num { text-align: right; white-space: nowrap; }
td .meta, td:first-child { white-space: nowrap; }
.table-wrap { overflow-x: auto; }
.axis { stroke: #5a6475; stroke-width: 1; fill: none; }
.chart-tick { font: 11px system-ui, sans-serif; fill: #5a6475; }
.line { stroke: #4a78b5; stroke-width: 2; fill: none; } .dot { fill: #4a78b5; }
.today { stroke: #b3261e; stroke-width: 2; fill: none; } .proposed { fill: #1d2430; }
.trend svg { display: inline-block; margin: .2rem 1rem .8rem 0; }
dl.glossary dt { font-weight: 600; } dl.glossary dd { margin: 0 0 .4rem 1rem; }
.meta { font-size: 12px; }
.breach { color: #b3261e; font-weight: 600; }
.finding { margin: .5rem 0 .8rem; }
.finding .evidence, .finding .where { color: #5a6475; font-size: 12.5px; }
.sev { display: inline-block; min-width: 4.5em; font-size: 11px; text-transform: uppercase; font-weight: 700; }
.sev.error { color: #b3261e; } .sev.warning { color: #9a6a00; } .sev.info { color: #3d5a80; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f4f6f9; padding: 0 .2em; }
.charts svg { display: block; margin: .4rem 0 .8rem; max-width: 100%; height: auto; }
.chart-title { font: 600 13px system-ui, sans-serif; fill: #1d2430; }
.chart-label, .chart-value { font: 12px system-ui, sans-serif; fill: #1d2430; }
.bar { fill: #4a78b5; } .bar.breach { fill: #b3261e; }
.whisker { stroke: #1d2430; stroke-width: 1.2; fill: none; }
.bound { stroke: #1d2430; stroke-width: 2; stroke-dasharray: 3 2; fill: none; }
ul.todo { list-style: none; padding-left: 0; } ul.todo li::before { content: "☐ "; }
pre.patch { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f4f6f9; padding: .6rem .8rem; overflow-x: auto; white-space: pre-wrap; }
footer { margin-top: 2rem; color: #5a6475; font-size: 12px; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } .finding, tr, svg { break-inside: avoid; } }
`;
/* eslint-enable max-len */

const td = (text: string, cls?: string): string =>
  `<td${cls ? ` class="${cls}"` : ""}>${text}</td>`;
const th = (cells: readonly string[]): string =>
  `<tr>${cells.map((c) => `<th>${h(c)}</th>`).join("")}</tr>`;
const table = (head: readonly string[], rows: readonly string[]): string =>
  `<div class="table-wrap"><table><thead>${th(head)}</thead><tbody>${rows.join("")}</tbody></table></div>`;

const measureCell = (metric: string, m: Measure, currency?: string): string => {
  const interval = intervalText(metric, m.interval, currency);
  const notes = [interval ? `95% ${interval}` : "", boundText(metric, m.bound, currency)].filter(
    Boolean,
  );
  return td(
    `${h(formatValue(metric, m.value, currency))}${notes.map((n) => `<br><span class="meta">${h(n)}</span>`).join("")}`,
    m.breach ? "num breach" : "num",
  );
};

function chart(
  title: string,
  rows: readonly RiskRow[],
  pick: (r: RiskRow) => Measure,
  metric: string,
): string {
  return svgBarChart(
    title,
    rows.map((r) => {
      const m = pick(r);
      return {
        label: r.name,
        value: m.value,
        interval: m.interval,
        bound: m.bound?.max ?? m.bound?.min,
        breach: m.breach,
        text: `${formatValue(metric, m.value)}${m.bound ? `  (${boundText(metric, m.bound)})` : ""}`,
      };
    }),
    (v) => formatValue(metric, v),
  );
}

function capitalChart(rows: readonly RiskRow[], currency: string): string {
  const money = (x: number | null) => formatValue("capital", x, currency);
  return svgBarChart(
    "Capital held, by segment (dashed: what the targets imply)",
    rows.map((r) => ({
      label: r.name,
      value: r.capital.value,
      bound: r.implied.capital,
      text: `${money(r.capital.value)}  (implied ${money(r.implied.capital)})`,
    })),
    money,
  );
}

const findingCounts = (f: RiskRow["findings"]): string =>
  `${plural(f.error, "error")}, ${plural(f.warning, "warning")}, ${f.info} info`;

/** Cover and its target range, as the risk table shows them, marked when outside the range. */
const coverCell = (r: RiskRow): string => {
  const c = r.coverWeeks;
  const text = `${formatValue("coverWeeks", c.value)}${c.bound ? ` (${boundText("coverWeeks", c.bound)})` : ""}`;
  return r.coverOutside
    ? td(`<span class="breach">✗ ${h(r.coverOutside)}</span> ${h(text)}`, "num")
    : td(h(text), "num");
};

const todoItem = (i: { severity: string; action: string }): string =>
  `<li><span class="sev ${i.severity}">${i.severity}</span> ${h(i.action)}</li>`;

const dueIn = (overdueDays: number): string => `due in ${-overdueDays} days`;

/** A finding, and the findings that state the same fact, named with their policy lines. */
function findingGroup(group: readonly Finding[], currency: string): string {
  const [lead, ...same] = group;
  if (!lead) return "";
  const also = same.map(
    (f) =>
      `<strong>${h(findingTitle(f))}</strong>${f.source ? ` (<code>${h(sourceText(f.source))}</code>)` : ""}`,
  );
  const note = also.length
    ? `<div class="where">The same fact, also: ${also.join("; ")}.</div>`
    : "";
  return finding(lead, currency).replace(/<\/div>$/, `${note}</div>`);
}

function finding(f: Finding, currency: string): string {
  const where = f.source
    ? ` <span class="where">Policy line: <code>${h(sourceText(f.source))}</code></span>`
    : "";
  return (
    `<div class="finding"><span class="sev ${f.severity}">${f.severity}</span> ` +
    `<strong>${h(findingTitle(f))}</strong> ` +
    `— ${h(statusText(f))}, owner ${h(f.owner)}<br>${h(f.message)}<br><span class="evidence">Evidence: ` +
    `${h(evidenceText(f, currency))}.</span>${where}</div>`
  );
}

/** The title and the verdict. */
function headHtml(r: GovernanceReport): string[] {
  const s: string[] = [];
  const statusClass = r.verdict.status.replace(/ /g, "-");
  const partial = r.partial
    ? ` <strong>The data ends on ${h(r.asOf)}: this month is partial.</strong>`
    : "";
  const clipped = r.windowAsked ? ` <strong>${h(clippedText(r))}</strong>` : "";
  const verdict = r.verdict.lines.map((l) => `<p>${h(l)}</p>`).join("");
  s.push(
    `<header><h1>Stock policy governance — ${h(r.company)}, ${h(r.month)}</h1><p class="meta">As of ${h(r.asOf)}, ` +
      `over the window ${h(r.window.from)} – ${h(r.window.to)}. Every number comes with how many observations ` +
      `it rests on (n) and, where one can be given, its 95% interval.${partial}${clipped} ` +
      `${h(membershipText(r))}</p></header>`,
    `<section id="verdict"><h2>Verdict</h2><div class="verdict ${statusClass}">${verdict}</div></section>`,
  );

  return s;
}

/** Where risk sits: the charts and the table. */
function riskHtml(r: GovernanceReport): string[] {
  const c = r.currency;
  const s: string[] = [];
  const segs = r.risk.segments;
  s.push(
    `<section id="risk"><h2>Where risk sits</h2><div class="charts">`,
    capitalChart(segs, c),
    chart("Share of capital, by segment", segs, (x) => x.capitalShare, "capitalShare"),
    chart("Fill rate, by segment", segs, (x) => x.fillRate, "fillRate"),
    chart("Excess share of capital, by segment", segs, (x) => x.excessShare, "excessShare"),
    `</div>`,
    `<p class="meta">Targets imply: the capital and fill rate the segment's targets come to under the ` +
      `(R, S) model, with the demand and lead times observed in the window.</p>`,
    table(
      [
        "segment",
        "owner",
        "SKUs",
        "capital",
        "targets imply",
        "share of capital",
        "fill rate",
        "lost revenue",
        "excess share",
        "cover (target)",
        "open findings",
      ],
      [...segs, r.risk.portfolio].map(
        (x) =>
          `<tr>${td(x.name === "portfolio" ? "<strong>portfolio</strong>" : h(x.name))}${td(h(x.owner))}` +
          `${td(String(x.skus), "num")}${measureCell("capital", x.capital, c)}${td(h(impliedText(x, c)), "num")}` +
          `${measureCell("capitalShare", x.capitalShare)}${measureCell("fillRate", x.fillRate)}` +
          `${td(h(formatValue("capital", x.lostRevenue, c)), "num")}` +
          `${measureCell("excessShare", x.excessShare)}${coverCell(x)}` +
          `${td(findingCounts(x.findings))}</tr>`,
      ),
    ),
    `</section>`,
  );
  return s;
}

/** Where capital should sit: the allocation today → proposed, each segment's frontier as a chart and a table. */
function allocationHtml(r: GovernanceReport): string[] {
  const a = r.allocation;
  if (!a) return [];
  const c = r.currency;
  const rowHtml = (cells: readonly string[]) =>
    `<tr>${cells.map((x, i) => td(h(x), i > 1 ? "num" : undefined)).join("")}</tr>`;
  const intro = h(allocationIntro(a)).replace(/`([^`]+)`/g, "<code>$1</code>");
  const charts = a.frontiers.segments.map((s) => {
    const proposed = a.allocation.segments.find((x) => x.name === s.name)?.proposed.target;
    return svgFrontierChart(
      `${s.name}: capital against fill rate`,
      s.points.map((p) => ({
        fill: p.replay.fillRate ?? 0,
        capital: p.replay.capital,
        today: p.fillRateTarget === s.current,
        proposed: p.fillRateTarget === proposed && proposed !== s.current,
      })),
      { capital: (v) => formatValue("capital", v, c), fill: (v) => formatValue("fillRate", v) },
    );
  });
  const frontiers = a.frontiers.segments.map((s) => {
    const proposed = a.allocation.segments.find((x) => x.name === s.name)?.proposed.target;
    return (
      `<h3>Frontier of ${h(s.name)} <span class="meta">(${plural(s.replayed, "SKU")} replayed)</span></h3>` +
      table(FRONTIER_HEADER, frontierRows(s, proposed, c).map(rowHtml))
    );
  });
  return [
    `<section id="allocation"><h2>Where capital should sit</h2><p>${intro}</p>`,
    table(ALLOCATION_HEADER, allocationRows(a, c).map(rowHtml)),
    `<p>${h(allocationOutcome(a, c))}</p><p class="meta">${h(HOLDING_NOTE(a))} Ringed: today's target; ` +
      `filled: the proposal.</p>`,
    `<div class="trend">${charts.join("")}</div>`,
    ...frontiers,
    `</section>`,
  ];
}

/** Stock ahead: SKUs projected to run out, and exposure by supplier. */
function aheadHtml(r: GovernanceReport): string[] {
  const c = r.currency;
  const rowHtml = (cells: readonly string[]) => `<tr>${cells.map((x) => td(h(x))).join("")}</tr>`;
  const projected = projectedRows(r.findings, c);
  return [
    `<section id="ahead"><h2>Ahead: projected stockouts and suppliers</h2>`,
    `<p class="meta">On hand and open orders (later by a SKU's typical delay) against expected demand — the ` +
      `forecast where there is one, else the window's mean — over each SKU's lead time (until an order ` +
      `placed today could arrive), and through a seasonal build window's cover.</p>`,
    projected.length === 0
      ? "<p>No SKU is projected to run out.</p>"
      : table(PROJECTED_HEADER, projected.map(rowHtml)),
    `<p class="meta">By supplier, across segments: a late supplier is one row, naming every segment it delays.</p>`,
    table(SUPPLIER_HEADER, supplierRows(r.suppliers, c).map(rowHtml)),
    `</section>`,
  ];
}

/** The findings by severity, then counted by owner. */
function findingsHtml(r: GovernanceReport): string[] {
  const c = r.currency;
  const s: string[] = [];
  s.push(`<section id="findings"><h2>Findings</h2>`);
  const open = r.findings.filter((f) => f.status !== "resolved");
  if (open.length === 0) s.push("<p>No open findings.</p>");
  for (const severity of ["error", "warning", "info"] as const) {
    const list = open.filter((f) => f.severity === severity && !f.waived);
    if (list.length === 0) continue;
    s.push(
      `<h3>${SEVERITY_HEADINGS[severity]} (${list.length})</h3>`,
      ...groupByFact(list).map((g) => findingGroup(g, c)),
    );
  }
  const waived = open.filter((f) => f.waived);
  if (waived.length > 0)
    s.push(`<h3>Waived (${waived.length})</h3>`, ...waived.map((f) => finding(f, c)));
  s.push(
    `<h3>By owner</h3>`,
    table(
      ["owner", "errors", "warnings", "info"],
      r.owners.map(
        (o) =>
          `<tr>${td(h(o.owner))}${td(String(o.error), "num")}${td(String(o.warning), "num")}` +
          `${td(String(o.info), "num")}</tr>`,
      ),
    ),
    `</section>`,
  );
  return s;
}

/** Every assumption against what the window shows, and the patches the data supports. */
function driftHtml(r: GovernanceReport): string[] {
  const s: string[] = [];
  s.push(
    `<section id="drift"><h2>Drift</h2><p>What each segment assumes about demand and supply, against what ` +
      `the window shows.</p>`,
    table(
      [
        "segment",
        "assumption",
        "assumed",
        "observed (95% interval)",
        "n",
        "verdict",
        "policy line",
      ],
      r.drift.map(
        (d) =>
          `<tr>${td(h(d.segment))}${td(h(metricLabel(d.metric)))}${td(h(boundText(d.metric, d.assumed)), "num")}` +
          `${td(h(measureText(d.metric, d.observed)), "num")}${td(d.observed.n.toLocaleString("en-US"), "num")}` +
          `${td(h(d.verdict), d.verdict === "drifted" ? "breach" : undefined)}` +
          `${td(d.source ? `<code>${h(sourceText(d.source))}</code>` : "")}</tr>`,
      ),
    ),
    ...r.patches.map(
      (p) =>
        `<p>What the data supports for ${h(p.segment)} (owner ${h(p.owner)}), as a patch to review:</p><pre ` +
        `class="patch">${h(p.yaml)}</pre>`,
    ),
    `</section>`,
  );
  return s;
}

/** Overrides by segment and planner, and what became of overriding orders. */
function overridesHtml(r: GovernanceReport): string[] {
  const s: string[] = [];
  const o = r.overrides;
  const pct = (v: number | null) => h(formatValue("overrideRate", v));
  s.push(
    `<section id="overrides"><h2>Overrides</h2>`,
    table(
      ["segment", "decisions", "override rate", "up", "down", "tolerance"],
      o.segments.map(
        (x) =>
          `<tr>${td(h(x.name))}${td(String(x.decisions), "num")}${td(h(rateText(x.rate)), "num")}` +
          `${td(pct(x.upRate.value), "num")}` +
          `${td(pct(x.downRate.value), "num")}${td(x.limit === null ? "" : `≤ ${pct(x.limit)}`, "num")}</tr>`,
      ),
    ),
    table(
      ["planner", "segments", "decisions", "override rate", "up", "down", "routine at"],
      o.planners.map(
        (x) =>
          `<tr>${td(h(x.name))}${td(h((x.segments ?? []).join(", ")))}${td(String(x.decisions), "num")}` +
          `${td(h(rateText(x.rate)), "num")}${td(pct(x.upRate.value), "num")}${td(pct(x.downRate.value), "num")}` +
          `${td(x.limit === null ? "" : pct(x.limit), "num")}</tr>`,
      ),
    ),
    `<p>${h(judgedText(o))}</p>`,
    table(
      ["outcome", "overridden", "followed", "difference"],
      o.outcomes.map(
        (x) =>
          `<tr>${td(`ended in ${x.outcome}`)}${td(h(rateText(x.overridden)), "num")}` +
          `${td(h(rateText(x.followed)), "num")}` +
          `${td(h(`${x.verdict}${x.p === null ? "" : ` (${pValueText(x.p)})`}`))}</tr>`,
      ),
    ),
    `</section>`,
  );
  return s;
}

/** Asymmetry, firefighting, overriding on the rise, and reviews. */
function signalsHtml(r: GovernanceReport): string[] {
  const s: string[] = [];
  const o = r.overrides;
  const signal = (title: string, list: readonly Finding[]) => {
    const items = list.map((f) => `<li>${h(f.message)}</li>`).join("");
    return `<h3>${h(title)}</h3>${list.length === 0 ? "<p>None.</p>" : `<ul>${items}</ul>`}`;
  };
  s.push(
    `<section id="signals"><h2>Warning signals</h2>`,
    signal("Excess growing while stockouts rise", r.signals.asymmetry),
    signal("Firefighting", r.signals.firefighting),
    `<h3>Overriding on the rise</h3><p>First against last third of the window.</p>`,
    table(
      ["segment", "early", "late", "test", ""],
      o.rising
        .filter((x) => x.early.n > 0 || x.late.n > 0)
        .map(
          (x) =>
            `<tr>${td(h(x.segment))}${td(h(rateText(x.early)), "num")}${td(h(rateText(x.late)), "num")}` +
            `${td(h(pValueText(x.p)))}${td(x.rising ? "rising" : "", x.rising ? "breach" : undefined)}</tr>`,
        ),
    ),
    `<h3>Reviews</h3>`,
    table(
      ["policy", "owner", "reviewed", "every", "due", "status"],
      r.signals.reviews.map(
        (p) =>
          `<tr>${td(h(p.name))}${td(h(p.owner))}${td(h(p.reviewedOn))}${td(`${p.reviewEveryDays} days`, "num")}` +
          `${td(h(p.reviewDue))}` +
          `${p.overdueDays > 0 ? td(`${p.overdueDays} days overdue`, "breach") : td(dueIn(p.overdueDays))}</tr>`,
      ),
    ),
    `</section>`,
  );
  return s;
}

/** Every exception with its state, what it waives and its line; then routine waiving. */
function exceptionsHtml(r: GovernanceReport): string[] {
  const rows = r.exceptions.exceptions;
  const routine = r.exceptions.routine;
  return [
    `<section id="exceptions"><h2>Exceptions</h2><p>${h(exceptionsIntro(r))}</p>`,
    ...(rows.length > 0
      ? [
          table(
            [
              "exception",
              "owner",
              "approved by",
              "approved",
              "expires",
              "state",
              "waives",
              "reason",
              "line",
            ],
            rows.map(
              (e) =>
                `<tr>${td(h(e.name))}${td(h(e.owner))}${td(h(e.approvedBy))}${td(h(e.approvedOn))}` +
                `${td(h(e.expires))}${td(h(exceptionStateText(e)), e.state === "live" ? undefined : "breach")}` +
                `${td(String(e.waives), "num")}${td(h(e.reason))}` +
                `${td(`<code>${h(`${e.file}:${e.line}`)}</code>`)}</tr>`,
            ),
          ),
        ]
      : []),
    `<h3>Routine exceptions</h3>`,
    routine.length === 0
      ? "<p>None.</p>"
      : `<ul>${routine.map((f) => `<li>${h(f.message)}</li>`).join("")}</ul>`,
    `</section>`,
  ];
}

/** What changed since last month. */
function changesHtml(r: GovernanceReport): string[] {
  const s: string[] = [];
  const ch = r.changes;
  const persisting = ch.persisting
    .map((p) => `<code>${h(p.id)}</code> (${p.runs} months)`)
    .join(", ");
  const ids = (list: readonly string[]) => list.map((id) => `<code>${h(id)}</code>`).join(", ");
  s.push(
    `<section id="changes"><h2>What changed since ${h(ch.previousMonth)}</h2><p>${h(basisText(ch))}</p><ul>`,
    `<li>New: ${ch.new.length}${ch.new.length ? ` — ${ids(ch.new)}` : ""}</li>`,
    `<li>Persisting: ${ch.persisting.length}${ch.persisting.length ? ` — ${persisting}` : ""}</li>`,
    `<li>Resolved: ${ch.resolved.length}${ch.resolved.length ? ` — ${ids(ch.resolved)}` : ""}</li>`,
    `<li>Policy versions: ${h(policyVersionsText(ch))}</li></ul></section>`,
  );
  return s;
}

/** Month over month, from the committed reports: capital, fill rate and open findings, as charts. */
function trendHtml(r: GovernanceReport): string[] {
  const money = (x: number) => formatValue("capital", x, r.currency);
  const points = (pick: (t: GovernanceReport["trend"][number]) => number | null) =>
    r.trend.map((t) => ({ label: t.month, value: pick(t) }));
  return [
    `<section id="trend"><h2>Month over month</h2><p class="meta">From the reports committed before this ` +
      `one, and this month.</p><div class="trend">`,
    svgLineChart(
      "Capital held",
      points((t) => t.capital),
      money,
    ),
    svgLineChart(
      "Fill rate",
      points((t) => t.fillRate),
      (v) => formatValue("fillRate", v),
    ),
    svgLineChart(
      "Errors and warnings",
      points((t) => t.findings.error + t.findings.warning),
      (v) => String(Math.round(v)),
    ),
    `</div></section>`,
  ];
}

/** Each owner's to-do list, and the fixed About section. */
function todoHtml(r: GovernanceReport): string[] {
  const s: string[] = [];
  s.push(`<section id="todo"><h2>To-do by owner</h2>`);
  if (r.todo.length === 0) s.push("<p>Nothing to do.</p>");
  for (const t of r.todo)
    s.push(
      `<h3>${h(t.owner)}</h3><ul class="todo">${t.items.map(todoItem).join("")}</ul>` +
        `${t.info ? `<p class="meta">${plural(t.info, "info finding")} to note, nothing to do.</p>` : ""}`,
    );
  s.push(`</section>`);
  s.push(
    `<section id="about"><h2>About this report</h2>${ABOUT.map(
      (p) =>
        `<p>${h(p)
          .replace(/\*([^*]+)\*/g, "<em>$1</em>")
          .replace(/`([^`]+)`/g, "<code>$1</code>")}</p>`,
    ).join("")}<h3>Glossary</h3><dl class="glossary">${GLOSSARY.map(
      ([word, meaning]) => `<dt>${h(word)}</dt><dd>${h(meaning)}</dd>`,
    ).join("")}</dl></section>`,
  );
  return s;
}

export function renderGovernanceHtml(r: GovernanceReport): string {
  const s = renderSections(r, {
    head: headHtml,
    risk: riskHtml,
    allocation: allocationHtml,
    ahead: aheadHtml,
    findings: findingsHtml,
    drift: driftHtml,
    overrides: overridesHtml,
    signals: signalsHtml,
    exceptions: exceptionsHtml,
    changes: changesHtml,
    trend: trendHtml,
    todo: todoHtml,
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Stock policy governance — ${h(r.company)}, ${h(r.month)}</title>
<style>${CSS}</style>
</head>
<body>
${s.join("\n")}
<footer>Generated by stockpolicy ${h(r.tool.version)} as of ${h(r.asOf)}.</footer>
</body>
</html>
`;
}
