/** `explain SKU` as text: the SKU's segment and why, its metrics with their evidence, its findings. */
import { escapeText } from "./escape.js";
import type { AssignedSku } from "../evaluate/segment-portfolio.js";
import type { Finding } from "../findings/finding.js";
import { formatValue } from "../findings/metric-phrases.js";
import { metricEntries } from "../metrics/packed-metrics.js";
import type { DemandAndSupply, OrderUpToPlan } from "../model/order-up-to.js";
import { renderJsonText } from "./format.js";
import type { Formats } from "./format.js";
import { textTable } from "./text-table.js";
import type { FrontierPoint } from "../governance/frontier.js";
import type { DemandBasis } from "../types.js";

export interface Explanation {
  sku: AssignedSku;
  window: { from: string; to: string };
  /** The reference window its segment was decided on (the rule values below are from it). */
  membershipWindow?: { from: string; to: string } | undefined;
  priorities: Record<string, number>;
  findings: Finding[];
  /** Its segment's targets under the (R, S) model, with what the window observed. */
  plan?:
    | {
        targets: { fillRate: number; reviewPeriodDays: number };
        inputs: DemandAndSupply;
        plan: OrderUpToPlan;
      }
    | undefined;
  /** The SKU's own frontier over the window: its demand and lead times replayed at each target. */
  frontier?: FrontierPoint[];
  /** The days the frontier replays: the year to the as-of date, within the data. */
  frontierWindow?: { from: string; to: string };
  /** Where its segment's targets follow the calendar: the basis its plan rests on, and S today. */
  forward?:
    | {
        asked: DemandBasis;
        basis: DemandBasis;
        orderUpToToday: number;
        capital: number;
        expectedFillRate: number | null;
        errorCv: number | null;
      }
    | undefined;
  currency?: string;
}

const show = (v: unknown): string =>
  typeof v === "number"
    ? String(Number(v.toPrecision(4)))
    : v === undefined
      ? "unknown"
      : JSON.stringify(v);

export function renderExplanation(e: Explanation): string {
  const { sku } = e;
  const a = sku.assignment;
  const out: string[] = [];
  const c = sku.columns;
  const about = [c.name, c.category, c.supplier]
    .filter((x) => x !== null && x !== undefined && x !== "")
    .join(", ");
  out.push(escapeText(`${sku.sku}${about ? ` — ${about}` : ""}`), "");
  const why =
    a.reason === "pinned"
      ? `pinned in skus.csv`
      : a.reason === "matched"
        ? `matched, priority ${e.priorities[a.segment ?? ""] ?? "?"}`
        : "no segment's conditions hold";
  const m = e.membershipWindow;
  const on = m
    ? `; decided on ${m.from} – ${m.to}, the window before, whose values the rules show`
    : "";
  out.push(`Segment: ${a.segment ?? "none"} (${why}${on})`);
  if (sku.moved) {
    const by = sku.moved.facts.length ? ` (moved by ${sku.moved.facts.join(", ")})` : "";
    out.push(
      `On this window's own metrics it would be in ${sku.moved.to ?? "no segment"}${by}; ` +
        `held in ${a.segment ?? "none"} for this evaluation`,
    );
  }
  const others = a.matched.filter((m) => m.name !== a.segment);
  if (others.length)
    out.push(`Also matched: ${others.map((m) => `${m.name} (priority ${m.priority})`).join(", ")}`);
  if (a.ties.length) out.push(`Tied at the same priority with: ${a.ties.join(", ")}`);
  if (a.unknownPin)
    out.push(`Pinned to "${a.unknownPin}", which is no segment: the pin was ignored`);
  for (const [segment, leaves] of Object.entries(a.leaves).sort(([x], [y]) => (x < y ? -1 : 1))) {
    const mark = (r: boolean | undefined): string =>
      r === true ? "yes" : r === false ? "no" : "not evaluated";
    const tested = leaves.map(
      (l) => `${l.fact} ${l.operator} ${show(l.value)} → ${show(l.factValue)} (${mark(l.result)})`,
    );
    out.push(`  ${segment}: ${tested.join("; ")}`);
  }
  out.push("", `Metrics, ${e.window.from} – ${e.window.to}:`);
  const entries = metricEntries(sku.metrics).sort(([x], [y]) => (x < y ? -1 : 1));
  const width = Math.max(...entries.map(([k]) => k.length));
  for (const [name, v] of entries) {
    const value =
      v.value === null ? `not measurable: ${v.reason ?? ""}` : formatValue(name, v.value);
    const interval = v.interval
      ? `, 95% ${formatValue(name, v.interval[0])}–${formatValue(name, v.interval[1])}`
      : "";
    out.push(
      `  ${name.padEnd(width)}  ${value}${v.value === null ? "" : ` (n ${v.n}${interval})`}`,
    );
  }
  if (e.plan) {
    const { targets, inputs, plan } = e.plan;
    const n = (x: number) => String(Number(x.toFixed(1)));
    out.push(
      "",
      `Its segment's targets (fill rate ${formatValue("fillRate", targets.fillRate)}, ` +
        `review every ${targets.reviewPeriodDays} ` +
        `days) under the (R, S) model:`,
      `  demand ${n(inputs.demandMean)} ± ${n(inputs.demandStd)} a day, lead time ${n(inputs.leadTimeMean)} ` +
        `± ${n(inputs.leadTimeStd)} days → protection ${n(plan.protectionDays)} days, ` +
        `σ ${n(plan.protectionStd)} units`,
      `  safety factor ${plan.safetyFactor.toFixed(3)}, safety stock ${n(plan.safetyStock)} units, order ` +
        `up to ${n(plan.orderUpTo)} units`,
      `  mean on hand ${n(plan.meanOnHand)} units = ${formatValue("capital", plan.capital, e.currency)}, ` +
        `expected fill rate ${formatValue("fillRate", plan.expectedFillRate)}`,
    );
  }
  out.push(...forwardLines(e), ...frontierLines(e));
  out.push("", e.findings.length ? "Findings:" : "Findings: none");
  for (const f of e.findings)
    out.push(escapeText(`  ${f.severity} ${f.kind} ${f.scope}/${f.subject}: ${f.message}`));
  return `${out.join("\n")}\n`;
}

const BASIS_WORDS: Record<DemandBasis, string> = {
  trailing: "the window's mean demand",
  forecast: "the forecast",
  "last-year": "last year's same weeks",
};

function forwardLines(e: Explanation): string[] {
  const f = e.forward;
  if (!f) return [];
  const fell =
    f.basis !== f.asked ? ` (it asks for ${BASIS_WORDS[f.asked]}, which this SKU lacks)` : "";
  const error =
    f.errorCv === null
      ? ""
      : `, its error ${formatValue("fillRate", f.errorCv)} over a protection interval`;
  return [
    "",
    `Its segment sizes stock on ${BASIS_WORDS[f.basis]}${fell}${error}: order up to ` +
      `${String(Number(f.orderUpToToday.toFixed(1)))} units today; over the year to today ` +
      `${formatValue("capital", f.capital, e.currency)} mean capital, expected fill rate ` +
      `${formatValue("fillRate", f.expectedFillRate)}.`,
  ];
}

function frontierLines(e: Explanation): string[] {
  if (!e.frontier?.length) return [];
  const own = e.plan?.targets.fillRate;
  const w = e.frontierWindow;
  return [
    "",
    `Its frontier, ${w?.from} – ${w?.to} (its demand and lead times replayed at each target):`,
    ...textTable(
      ["TARGET", "REPLAY FILL", "REPLAY CAPITAL", "FORMULA FILL", "FORMULA CAPITAL"],
      e.frontier.map((p) => [
        `${formatValue("fillRate", p.fillRateTarget)}${p.fillRateTarget === own ? " (its target)" : ""}`,
        formatValue("fillRate", p.replay.fillRate),
        formatValue("capital", p.replay.capital, e.currency),
        formatValue("fillRate", p.model.fillRate),
        formatValue("capital", p.model.capital, e.currency),
      ]),
      [1, 2, 3, 4],
    ).map((l) => `  ${l}`),
  ];
}

export const EXPLAIN_FORMATS: Formats<Explanation> = {
  text: {
    description: "segment and why, metrics with evidence, the (R, S) plan, findings",
    render: renderExplanation,
  },
  json: {
    description: "the same as one JSON object",
    render: (e) =>
      renderJsonText({
        sku: e.sku.sku,
        columns: e.sku.columns,
        segment: e.sku.assignment.segment,
        assignment: e.sku.assignment,
        window: e.window,
        metrics: e.sku.metrics,
        model: e.plan ?? null,
        forward: e.forward ?? null,
        frontier: e.frontier ?? [],
        frontierWindow: e.frontierWindow ?? null,
        findings: e.findings,
      }),
  },
};
