/**
 * Checks CSV records against the contract and turns them into store rows. Pure: the caller
 * streams records in and supplies the SKUs that exist.
 *
 * @example const checker = planHeader(spec, ["sku","unit_cost","lead_time_days"], "skus.csv", new Set()).checker;
 *          checker?.check({ line: 2, fields: ["A1", "3.5", "30"] }) // { row: ["A1", 3.5, 30, null, …] }
 */
import { createHash } from "node:crypto";
import { dayNumber, isIsoDate } from "../dates.js";
import { didYouMean } from "../vocabulary/did-you-mean.js";
import type { CsvRecord } from "./csv-parser.js";
import type { ColumnSpec, FileSpec } from "./contract.js";
import { DaySkuKeys, StringKeys } from "./key-tracker.js";
import type { RowProblem } from "./row-problem.js";
import { DECIMAL } from "../vocabulary/decimal.js";

export type RowResult =
  { row: unknown[]; problems?: undefined } | { row?: undefined; problems: RowProblem[] };

export interface RowChecker {
  /** The store's columns, in the order of the values of each row. */
  columns: readonly string[];
  key: readonly string[];
  check(record: CsvRecord): RowResult;
}

export interface HeaderPlan {
  checker?: RowChecker;
  problems: RowProblem[];
  /** Columns that are not in the contract and were ignored (none in skus.csv: see attributes). */
  ignored: string[];
  /** skus.csv's columns that are not in the contract, kept as attributes. */
  attributes?: string[];
}

/**
 * The largest quantity, cost or price accepted: a trillion. Past it a value is a typo or an
 * attack, and its products (capital = units × cost) would overflow to Infinity in the charts.
 */
export const MAX_NUMBER = 1e12;

/**
 * Reads the header, then returns a checker for the rows below it.
 * @param knownSkus SKUs that rows may refer to; for skus.csv, each valid row's SKU is added.
 */
export function planHeader(
  spec: FileSpec,
  header: readonly string[],
  file: string,
  knownSkus: Set<string>,
  today?: string,
): HeaderPlan {
  const names = header.map((h) => h.trim().toLowerCase());
  const separator = wrongSeparator(names, file);
  if (separator) return { problems: [separator], ignored: [] };
  const { problems, ignored, seen } = readHeader(spec, names, file);
  if (problems.length > 0) return { problems, ignored };
  return {
    checker: rowChecker(spec, {
      width: names.length,
      seen,
      ignored,
      file,
      knownSkus,
      ...(today !== undefined ? { today } : {}),
    }),
    problems: [],
    ignored: spec.table === "skus" ? [] : ignored,
    ...(spec.table === "skus" ? { attributes: ignored } : {}),
  };
}

const headerProblem = (file: string, column: string, message: string): RowProblem => ({
  file,
  line: 1,
  column,
  message,
});

/** A header of one column that holds another separator: the file is not comma-separated. */
function wrongSeparator(names: readonly string[], file: string): RowProblem | undefined {
  if (names.length !== 1) return undefined;
  const sep = [";", "\t", "|"].find((s) => (names[0] ?? "").includes(s));
  if (!sep) return undefined;
  return headerProblem(
    file,
    "header",
    `expected comma-separated columns, found ${JSON.stringify(sep)} between column names`,
  );
}

/** Each column's place, the columns not in the contract, and what is wrong with the header. */
function readHeader(
  spec: FileSpec,
  names: readonly string[],
  file: string,
): { problems: RowProblem[]; ignored: string[]; seen: Map<string, number> } {
  const at = (column: string, message: string) => headerProblem(file, column, message);
  const problems: RowProblem[] = [];
  const known = spec.columns.map((c) => c.name);
  const seen = new Map<string, number>();
  const ignored: string[] = [];
  names.forEach((name, i) => {
    if (name === "")
      problems.push(at(`column ${i + 1}`, "expected a column name, found an empty one"));
    else if (seen.has(name))
      problems.push(at(name, `expected each column once, found ${name} twice`));
    else seen.set(name, i);
    if (name !== "" && !known.includes(name)) {
      const close = didYouMean(name, known);
      if (close && !names.includes(close))
        problems.push(
          at(name, `expected a column of ${spec.file}, found "${name}"; did you mean "${close}"?`),
        );
      else ignored.push(name);
    }
  });
  for (const c of spec.columns) {
    if (c.required && !seen.has(c.name))
      problems.push(
        at(c.name, `expected a column ${c.name}, found none (columns: ${names.join(", ")})`),
      );
  }
  return { problems, ignored, seen };
}

/** What the row checker knows of the header. */
interface HeaderLayout {
  width: number;
  seen: ReadonlyMap<string, number>;
  ignored: readonly string[];
  file: string;
  knownSkus: Set<string>;
  /** Dates of what has happened must not be after it (unchecked when not given). */
  today?: string;
}

/** A date check that remembers: a file repeats its dates on every SKU. */
function rememberedDateCheck(): (s: string) => boolean {
  const dates = new Map<string, boolean>();
  return (s) => {
    let ok = dates.get(s);
    if (ok === undefined) {
      ok = isIsoDate(s);
      dates.set(s, ok);
    }
    return ok;
  };
}

/** Each field of a record parsed by its column's type; a problem for each that does not parse. */
function parseFields(
  spec: FileSpec,
  index: readonly number[],
  record: CsvRecord,
  layout: Pick<HeaderLayout, "file" | "today">,
  validDate: (s: string) => boolean,
): { values: unknown[]; bad: RowProblem[] } {
  const { file, today } = layout;
  const { line, fields } = record;
  const bad: RowProblem[] = [];
  const values: unknown[] = new Array(spec.columns.length);
  for (let c = 0; c < spec.columns.length; c++) {
    const col = spec.columns[c] as ColumnSpec;
    const i = index[c] as number;
    const raw = i < 0 ? "" : (fields[i] as string).trim();
    if (raw === "") {
      if (col.required)
        bad.push({
          file,
          line,
          column: col.name,
          message: `expected ${describeType(col)}, found nothing`,
        });
      values[c] = null;
      continue;
    }
    const value = parseValue(col, raw, validDate);
    if (value === undefined)
      bad.push({
        file,
        line,
        column: col.name,
        message: `expected ${describeType(col)}, found ${JSON.stringify(raw)}`,
      });
    else if (col.happened && today !== undefined && (value as string) > today)
      bad.push({
        file,
        line,
        column: col.name,
        message: `expected a date on or before today (${today}): it records what has happened, found ${raw}`,
      });
    values[c] = value ?? null;
  }
  return { values, bad };
}

/** A finder of rows whose key an earlier row of the file already had. */
function duplicateFinder(
  spec: FileSpec,
  file: string,
): (values: unknown[], line: number) => RowProblem | undefined {
  const dayKeys = spec.key.length === 2 && spec.key[0] === "date" ? new DaySkuKeys() : undefined;
  const stringKeys = dayKeys ? undefined : new StringKeys();
  const keyIndex = spec.key.map((k) => spec.columns.findIndex((c) => c.name === k));
  return (values, line) => {
    if (spec.key.length === 0) return undefined;
    const keyValues = keyIndex.map((i) => values[i] as string);
    const first = dayKeys
      ? dayKeys.add(keyValues[1] as string, dayNumber(keyValues[0] as string), line)
      : (stringKeys as StringKeys).add(keyValues.join("\u0000"), line);
    if (first === 0) return undefined;
    return {
      file,
      line,
      column: spec.key.join(", "),
      message:
        `expected each (${spec.key.join(", ")}) once in the file, found ${keyValues.join(", ")} again ` +
        `(first on line ${first})`,
    };
  };
}

/** The store row of a valid record: skus.csv keeps its extra columns as attributes; events get a key. */
function storeRow(
  spec: FileSpec,
  values: unknown[],
  fields: readonly string[],
  attributes: readonly { name: string; i: number }[],
): unknown[] {
  if (spec.table === "skus") {
    const extra: Record<string, string> = {};
    for (const a of attributes) {
      const v = (fields[a.i] as string).trim();
      if (v !== "") extra[a.name] = v;
    }
    values.push(JSON.stringify(extra));
  }
  if (spec.table === "events")
    values.unshift(createHash("sha1").update(JSON.stringify(values)).digest("hex"));
  return values;
}

function rowChecker(spec: FileSpec, layout: HeaderLayout): RowChecker {
  const { width, seen, file, knownSkus } = layout;
  const index = spec.columns.map((c) => seen.get(c.name) ?? -1);
  const attributes =
    spec.table === "skus" ? layout.ignored.map((name) => ({ name, i: seen.get(name) ?? -1 })) : [];
  const columns = [
    ...(spec.table === "events" ? ["event_key"] : []),
    ...spec.columns.map((c) => c.name),
    ...(spec.table === "skus" ? ["attributes"] : []),
  ];
  const validDate = rememberedDateCheck();
  const duplicate = duplicateFinder(spec, file);
  const skuColumn = spec.columns.findIndex((c) => c.name === "sku");

  const check = (record: CsvRecord): RowResult => {
    const { line, fields } = record;
    if (fields.length !== width) {
      const message = `expected ${width} fields as in the header, found ${fields.length}`;
      return { problems: [{ file, line, column: "row", message }] };
    }
    const { values, bad } = parseFields(spec, index, record, layout, validDate);
    if (bad.length === 0) {
      for (const problem of crossChecks(spec, values, file, line)) bad.push(problem);
    }
    const sku = skuColumn >= 0 ? (values[skuColumn] as string | null) : null;
    if (spec.table !== "skus" && sku !== null && !knownSkus.has(sku)) {
      bad.push({
        file,
        line,
        column: "sku",
        message: `expected a SKU listed in skus.csv, found ${JSON.stringify(sku)}`,
      });
    }
    if (bad.length > 0) return { problems: bad };
    const keyProblem = duplicate(values, line);
    if (keyProblem) return { problems: [keyProblem] };
    if (spec.table === "skus") knownSkus.add(values[0] as string);
    return { row: storeRow(spec, values, fields, attributes) };
  };
  return { columns, key: spec.table === "events" ? ["event_key"] : spec.key, check };
}

function parseValue(col: ColumnSpec, raw: string, validDate: (s: string) => boolean): unknown {
  switch (col.type) {
    case "text":
      return raw;
    case "date":
      return validDate(raw) ? raw : undefined;
    case "flag":
      return raw === "0" ? 0 : raw === "1" ? 1 : undefined;
    case "enum":
      return col.values?.includes(raw) ? raw : undefined;
    case "number": {
      if (!DECIMAL.test(raw)) return undefined;
      const n = Number(raw);
      if (!Number.isFinite(n) || Math.abs(n) > MAX_NUMBER) return undefined;
      if (col.min !== undefined && (n < col.min || (col.exclusiveMin && n === col.min)))
        return undefined;
      return n;
    }
  }
}

function describeType(col: ColumnSpec): string {
  switch (col.type) {
    case "text":
      return "a value";
    case "date":
      return "a real date YYYY-MM-DD";
    case "flag":
      return "0 or 1";
    case "enum":
      return `one of ${(col.values ?? []).join(", ")}`;
    case "number":
      return col.min === undefined
        ? "a number of at most 1e12"
        : col.exclusiveMin
          ? `a number above ${col.min} and at most 1e12`
          : `a number ≥ ${col.min} and at most 1e12`;
  }
}

/** Rows that cannot be true even though each value is fine on its own. */
function crossChecks(spec: FileSpec, values: unknown[], file: string, line: number): RowProblem[] {
  if (spec.table !== "purchase_orders") return [];
  const get = (name: string): unknown => values[spec.columns.findIndex((c) => c.name === name)];
  const ordered = get("ordered_on") as string;
  const problems: RowProblem[] = [];
  for (const name of ["received_on", "expected_on"]) {
    const d = get(name) as string | null;
    if (d !== null && d < ordered)
      problems.push({
        file,
        line,
        column: name,
        message: `expected a date on or after ordered_on ${ordered}, found ${d}`,
      });
  }
  return problems;
}
