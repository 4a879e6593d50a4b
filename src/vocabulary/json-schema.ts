/**
 * Small builders for the JSON Schemas of the policy files and of the evaluation output, and the
 * shapes both use (a source position, a window).
 *
 * @example str("Segment name.") // { type: "string", description: "Segment name." }
 */

export type Schema = Record<string, unknown>;

export const DRAFT = "http://json-schema.org/draft-07/schema#";
export const BASE = "https://stockpolicy.dev/schemas/v1/";

export const str = (description: string, extra: Schema = {}): Schema => ({
  type: "string",
  description,
  ...extra,
});
export const int = (description: string, extra: Schema = {}): Schema => ({
  type: "integer",
  description,
  ...extra,
});
export const num = (description: string, extra: Schema = {}): Schema => ({
  type: "number",
  description,
  ...extra,
});
export const obj = (
  description: string,
  properties: Record<string, Schema>,
  required: string[] = [],
  extra: Schema = {},
): Schema => ({
  type: "object",
  description,
  additionalProperties: false,
  ...(required.length ? { required } : {}),
  properties,
  ...extra,
});

export const positionSchema = obj(
  "A position in a policy file.",
  {
    file: str("Path of the policy file."),
    line: int("1-based line.", { minimum: 1 }),
    column: int("1-based column.", { minimum: 1 }),
  },
  ["file", "line", "column"],
);

export const windowSchema = obj(
  "The evaluation window, both ends included.",
  {
    from: str("First day, YYYY-MM-DD.", { format: "date" }),
    to: str("Last day, YYYY-MM-DD.", { format: "date" }),
  },
  ["from", "to"],
);
