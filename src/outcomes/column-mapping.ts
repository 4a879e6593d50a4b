/**
 * Column mappings: an export's own file names, headers, date formats and coded values, mapped
 * onto the CSV contract (schema: mapping-schema.ts), so a store platform's or an ERP's export
 * loads without renaming anything by hand. The mapping is read and validated like a policy file
 * (every problem at its line and column); applying it to records is pure.
 *
 * @example convertDate("31/12/2026", "DD/MM/YYYY") // "2026-12-31"
 */
import * as path from "node:path";
import type { Problem } from "../errors.js";
import { parseYaml } from "../policy/parse-yaml.js";
import { readSmallText } from "../policy/read-policy-files.js";
import { validateSchema } from "../policy/validate-schema.js";
import type { FileSpec } from "./contract.js";
import type { CsvRecord } from "./csv-parser.js";
import { COLUMN_MAPPING_SCHEMA } from "./mapping-schema.js";
import type { DateFormat } from "./mapping-schema.js";

/** The mapping a data folder holds, when it has one. */
export const MAPPING_FILE = "mapping.yaml";

export interface FileMapping {
  from?: string;
  columns?: Readonly<Record<string, string>>;
  dates?: DateFormat;
  values?: Readonly<Record<string, Readonly<Record<string, number | string>>>>;
}

export interface ColumnMapping {
  /** Where the mapping was read from. */
  file: string;
  files: Readonly<Record<string, FileMapping>>;
}

/** Parses and validates a mapping's text; its problems carry line and column. */
export function parseMapping(
  file: string,
  text: string,
): { mapping?: ColumnMapping; problems: Problem[] } {
  const parsed = parseYaml(file, text);
  if (parsed.problems.length > 0) return { problems: parsed.problems };
  const problems = validateSchema(COLUMN_MAPPING_SCHEMA, parsed.data, { file, ...parsed });
  if (problems.length > 0) return { problems };
  const files = (parsed.data as { files: Record<string, FileMapping> }).files;
  return { mapping: { file, files }, problems: [] };
}

/** Reads the mapping file; none there is no mapping, a bad one is its problems. */
export async function readMapping(
  file: string,
): Promise<{ mapping?: ColumnMapping; problems: Problem[] }> {
  const read = await readSmallText(file);
  if ("problem" in read) return { problems: [read.problem] };
  return parseMapping(file, read.text);
}

/** The mapping of a data folder: the one given, else mapping.yaml in it when there is one. */
export function mappingPath(dataDir: string, given: string | undefined): string {
  return given ?? path.join(dataDir, MAPPING_FILE);
}

const pad = (s: string): string => s.padStart(2, "0");

/** A date as the export writes it, in YYYY-MM-DD; a value that does not fit is left as it is. */
export function convertDate(value: string, format: DateFormat | undefined): string {
  const v = value.trim();
  let m: RegExpExecArray | null;
  switch (format) {
    case "DD/MM/YYYY":
      m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
      return m ? `${m[3]}-${pad(m[2] ?? "")}-${pad(m[1] ?? "")}` : value;
    case "MM/DD/YYYY":
      m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
      return m ? `${m[3]}-${pad(m[1] ?? "")}-${pad(m[2] ?? "")}` : value;
    case "DD.MM.YYYY":
      m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
      return m ? `${m[3]}-${pad(m[2] ?? "")}-${pad(m[1] ?? "")}` : value;
    case "YYYYMMDD":
      m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
      return m ? `${m[1]}-${m[2]}-${m[3]}` : value;
    case "ISO-DATETIME":
      m = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/.exec(v);
      return m ? (m[1] ?? value) : value;
    default:
      return value;
  }
}

/**
 * What a file's mapping does to its records: the header renamed to the contract's columns,
 * then in every row its dates converted and coded texts replaced by their values (matched
 * trimmed and case-insensitively; a text the mapping does not name is left for the row check).
 */
export function recordMapper(
  spec: FileSpec,
  m: FileMapping,
): (record: CsvRecord, header: boolean) => CsvRecord {
  const renames = new Map(
    Object.entries(m.columns ?? {}).map(([to, from]) => [from.trim().toLowerCase(), to]),
  );
  const codes = new Map(
    Object.entries(m.values ?? {}).map(([column, table]) => [
      column,
      new Map(
        Object.entries(table).map(([text, value]) => [text.trim().toLowerCase(), String(value)]),
      ),
    ]),
  );
  const dateColumns = new Set(spec.columns.filter((c) => c.type === "date").map((c) => c.name));
  let convert: ((fields: string[]) => string[]) | undefined;
  return (record, header) => {
    if (header) {
      const names = record.fields.map((h) => renames.get(h.trim().toLowerCase()) ?? h);
      const lower = names.map((n) => n.trim().toLowerCase());
      const dates = m.dates ? lower.flatMap((n, i) => (dateColumns.has(n) ? [i] : [])) : [];
      const coded = lower.flatMap((n, i) => (codes.has(n) ? [[i, codes.get(n)!] as const] : []));
      convert = (fields) => {
        const out = [...fields];
        for (const i of dates) out[i] = convertDate(out[i] ?? "", m.dates);
        for (const [i, table] of coded)
          out[i] = table.get((out[i] ?? "").trim().toLowerCase()) ?? out[i] ?? "";
        return out;
      };
      return { ...record, fields: names };
    }
    return convert ? { ...record, fields: convert(record.fields) } : record;
  };
}
