/**
 * The schema of a column mapping (`mapping.yaml` in a data folder): for each contract file, the
 * export file it comes from, which export header holds each contract column, how its dates are
 * written, and which texts stand for which values. Built from the CSV contract, so it names
 * exactly the files and columns the loader knows.
 */
import { API_VERSION } from "../policy/schemas.js";
import { BASE, DRAFT, obj, str } from "../vocabulary/json-schema.js";
import type { Schema } from "../vocabulary/json-schema.js";
import { OUTCOME_FILES } from "./contract.js";

/** How an export may write its dates; each is read into YYYY-MM-DD. */
export const DATE_FORMATS = [
  "YYYY-MM-DD",
  "DD/MM/YYYY",
  "MM/DD/YYYY",
  "DD.MM.YYYY",
  "YYYYMMDD",
  "ISO-DATETIME",
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

function fileMapping(file: (typeof OUTCOME_FILES)[number]): Schema {
  const columns = Object.fromEntries(
    file.columns.map((c) => [
      c.name,
      str(`The export's header for ${c.name} (compared case-insensitively).`, { minLength: 1 }),
    ]),
  );
  const coded = file.columns.filter((c) => c.type === "flag" || c.type === "enum");
  const values = Object.fromEntries(
    coded.map((c) => [
      c.name,
      {
        type: "object",
        description:
          `The export's texts for ${c.name}, each with the contract's value ` +
          `(${c.type === "flag" ? "0 or 1" : (c.values ?? []).join(", ")}).`,
        additionalProperties: { type: ["number", "string"] },
      },
    ]),
  );
  return obj(`How the export's file maps onto ${file.file}.`, {
    from: str("The export's file name in the data folder, if it is not the contract's.", {
      pattern: "^[^/\\\\]+\\.[cC][sS][vV]$",
    }),
    columns: obj(
      `Contract columns of ${file.file} and the export headers that hold them.`,
      columns,
    ),
    dates: {
      enum: [...DATE_FORMATS],
      description:
        "How the export writes its dates (ISO-DATETIME: a date and time, the date kept).",
    },
    ...(coded.length
      ? {
          values: obj(
            "Texts the export writes for coded columns, with the contract's values.",
            values,
          ),
        }
      : {}),
  });
}

export const COLUMN_MAPPING_SCHEMA: Schema = {
  $schema: DRAFT,
  $id: `${BASE}column-mapping.schema.json`,
  title: "ColumnMapping",
  description:
    "How a data folder's exports map onto the CSV contract: file names, headers, date formats and coded values.",
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "files"],
  properties: {
    apiVersion: { const: API_VERSION, description: `Always "${API_VERSION}".` },
    kind: { const: "ColumnMapping", description: 'Always "ColumnMapping".' },
    files: obj(
      "Each contract file an export maps onto.",
      Object.fromEntries(OUTCOME_FILES.map((f) => [f.file, fileMapping(f)])),
      [],
      { minProperties: 1 },
    ),
  },
};
