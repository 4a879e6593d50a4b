/**
 * Validates parsed policy data against its JSON Schema and turns ajv's errors into problems
 * that point at the offending value's line and column. ajv is compiled once, with allErrors.
 */
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { Problem } from "../errors.js";
import { isMetricName, metricValues } from "../vocabulary/metric-catalog.js";
import type { SourcePosition } from "../types.js";
import { suggestion } from "../vocabulary/did-you-mean.js";
import { locate, pointerToPath } from "./locate.js";
import { AJV_OPTIONS, precompiledValidators } from "./precompiled-validators.js";
import { POLICY_SCHEMAS } from "./schemas.js";
import type { SchemaName } from "./schemas.js";

let compiled: Map<SchemaName, ValidateFunction> | undefined;

/**
 * Every policy schema's validator, made on first use: precompiled by the build when it is
 * current (precompiled-validators.ts), else compiled now by one ajv instance.
 */
function validators(): Map<SchemaName, ValidateFunction> {
  if (compiled) return compiled;
  compiled = precompiledValidators();
  if (compiled) return compiled;
  const ajv = new Ajv(AJV_OPTIONS);
  addFormats.default(ajv, ["date"]);
  compiled = new Map(
    (Object.keys(POLICY_SCHEMAS) as SchemaName[]).map((name) => [
      name,
      ajv.compile(POLICY_SCHEMAS[name]),
    ]),
  );
  return compiled;
}

const others = new Map<unknown, ValidateFunction>();

/** A schema from outside the policy folder (a column mapping), compiled once. */
function compiledOther(schema: Record<string, unknown>): ValidateFunction {
  let validate = others.get(schema);
  if (!validate) {
    validate = new Ajv(AJV_OPTIONS).compile(schema);
    others.set(schema, validate);
  }
  return validate;
}

/** Checks that every schema given is itself a valid draft-07 schema; returns ajv's complaints. */
export function checkSchemas(
  schemas: Readonly<Record<string, Record<string, unknown>>> = POLICY_SCHEMAS,
): string[] {
  const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false });
  addFormats.default(ajv, ["date"]);
  return Object.entries(schemas).flatMap(([name, schema]) =>
    ajv.validateSchema(schema) ? [] : [`${name}: ${ajv.errorsText(ajv.errors)}`],
  );
}

export interface Located {
  file: string;
  positions: Readonly<Record<string, SourcePosition>>;
  keyPositions: Readonly<Record<string, SourcePosition>>;
}

/**
 * @example validateSchema("segment-policy", data, located) // [] when the data is valid
 * @param skip pointers whose errors are already reported (apiVersion and kind are checked first)
 */
export function validateSchema(
  schema: SchemaName | Record<string, unknown>,
  data: unknown,
  where: Located,
  skip: readonly string[] = [],
): Problem[] {
  const validate = typeof schema === "string" ? validators().get(schema) : compiledOther(schema);
  if (!validate) throw new Error(`no schema ${typeof schema === "string" ? schema : "given"}`);
  if (validate(data)) return [];
  const problems: Problem[] = [];
  for (const error of withinAnyOfBranch(validate.errors ?? [])) {
    if (skip.some((s) => error.instancePath === s || error.instancePath.startsWith(`${s}/`)))
      continue;
    const p = toProblem(error, where);
    if (p) problems.push(p);
  }
  return dedupe(problems);
}

/** JSON's type of a value, as a schema's `type` names it. */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "number" ? "number" : typeof value;
}

/**
 * The errors of an `anyOf` that matter: those of the branch whose type the value has (a mapping
 * is judged as the mapping form, text as the text form), without the other branches' errors or
 * the anyOf's own; when no branch has the value's type, the anyOf's own error alone, as a type
 * error naming every branch's type.
 */
function withinAnyOfBranch(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  for (const any of errors.filter((e) => e.keyword === "anyOf")) {
    const branches = (any.schema as { type?: string }[] | undefined) ?? [];
    const chosen = branches.findIndex((b) => b.type === jsonType(any.data));
    const inBranch = (e: ErrorObject, i: number): boolean =>
      e.schemaPath.startsWith(`${any.schemaPath}/${i}/`) &&
      (e.instancePath === any.instancePath || e.instancePath.startsWith(`${any.instancePath}/`));
    kept = kept.filter((e) => {
      if (e === any) return chosen < 0;
      return branches.every((_b, i) => i === chosen || !inBranch(e, i));
    });
    if (chosen < 0) {
      const types = branches.map((b) => b.type ?? "value").join(",");
      kept[kept.indexOf(any)] = { ...any, keyword: "type", params: { type: types } };
    }
  }
  return kept;
}

/** A required field that is missing: pointed at the key that opens the incomplete mapping. */
function missingField(e: ErrorObject, where: Located): Problem {
  const field = String((e.params as Record<string, unknown>).missingProperty);
  const inWhat = e.instancePath === "" ? "" : ` in ${pointerToPath(e.instancePath)}`;
  return {
    ...(where.keyPositions[e.instancePath] ?? locate(where.positions, e.instancePath, where.file)),
    code: "missing-field",
    message: `expected field "${field}"${inWhat}, found none`,
  };
}

/** A field the schema does not know (a metric that is not numeric, where bounds are expected). */
function unknownField(e: ErrorObject, where: Located): Problem {
  const path = pointerToPath(e.instancePath);
  const field = String((e.params as Record<string, unknown>).additionalProperty);
  const pointer = `${e.instancePath}/${field}`;
  const position = where.keyPositions[pointer] ?? locate(where.positions, pointer, where.file);
  const known = Object.keys(
    (e.parentSchema as { properties?: object } | undefined)?.properties ?? {},
  );
  if (/^\/(assumptions|tolerance|portfolio)$/.test(e.instancePath)) {
    const why = isMetricName(field)
      ? `, found "${field}", which is a category (${(metricValues(field) ?? []).join(", ")}); ` +
        `use it in match or a check`
      : `, found "${field}"${suggestion(field, known)}`;
    return {
      ...position,
      code: "unknown-metric",
      message: `expected a numeric metric of CONTRACT §2 in ${path}${why}`,
    };
  }
  const where_ = e.instancePath === "" ? "at the top level" : `in ${path}`;
  return {
    ...position,
    code: "unknown-field",
    message: `expected one of ${known.join(", ")} ${where_}, found "${field}"${suggestion(field, known)}`,
  };
}

/** An object given none of the fields it needs at least one of. */
function noneOf(e: ErrorObject, path: string, found: string): Pick<Problem, "code" | "message"> {
  const fields = Object.keys(
    (e.parentSchema as { properties?: object } | undefined)?.properties ?? {},
  );
  return {
    code: "missing-field",
    message: `expected at least one of ${fields.join(", ")} in ${path}, found ${found}`,
  };
}

function toProblem(e: ErrorObject, where: Located): Problem | undefined {
  const at = (pointer: string): SourcePosition => locate(where.positions, pointer, where.file);
  const path = pointerToPath(e.instancePath);
  // Described only where a message uses it: an object of 20k keys described for each of its 20k
  // unknown keys was quadratic (111 s).
  const found = (): string => describe(e.data);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "if":
      return undefined; // the branch's own errors say what is wrong
    case "required":
      return missingField(e, where);
    case "additionalProperties":
      return unknownField(e, where);
    case "type":
      return {
        ...at(e.instancePath),
        code: "wrong-type",
        message: `expected ${article(String(params.type))} for ${path}, found ${found()}`,
      };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const relation = {
        minimum: "at least",
        maximum: "at most",
        exclusiveMinimum: "above",
        exclusiveMaximum: "below",
      }[e.keyword];
      return {
        ...at(e.instancePath),
        code: "out-of-range",
        message: `expected ${path} ${relation} ${String(params.limit)}, found ${found()}`,
      };
    }
    case "format":
      return {
        ...at(e.instancePath),
        code: "invalid-date",
        message: `expected ${path} to be a real calendar date YYYY-MM-DD, found ${found()}`,
      };
    case "enum":
    case "const": {
      const allowed = (
        e.keyword === "enum" ? (params.allowedValues as unknown[]) : [params.allowedValue]
      ).map(String);
      const hint = typeof e.data === "string" ? suggestion(e.data, allowed) : "";
      return {
        ...at(e.instancePath),
        code: "invalid-value",
        message: `expected ${path} to be ${allowed.join(" or ")}, found ${found()}${hint}`,
      };
    }
    case "pattern": {
      const description =
        (e.parentSchema as { description?: string } | undefined)?.description ??
        `matching ${String(params.pattern)}`;
      return {
        ...at(e.instancePath),
        code: "invalid-value",
        message: `expected ${path}: ${lowerFirst(description)}, found ${found()}`,
      };
    }
    case "minProperties":
      return { ...at(e.instancePath), ...noneOf(e, path, found()) };
    case "not":
      return {
        ...at(e.instancePath),
        code: "missing-field",
        message: `expected ${path} to start with all, any or not, found ${found()}`,
      };
    default:
      return {
        ...at(e.instancePath),
        code: "invalid-value",
        message: `expected ${path} to be valid (${e.message ?? e.keyword}), found ${found()}`,
      };
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") {
    const keys = Object.keys(value);
    const shown = keys.slice(0, 5).map((k) => `"${k}"`);
    const more = keys.length > 5 ? ` and ${keys.length - 5} more` : "";
    return keys.length ? `a mapping with ${shown.join(", ")}${more}` : "an empty mapping";
  }
  if (typeof value === "string") return `"${value}"`;
  return JSON.stringify(value) ?? "nothing";
}

function article(type: string): string {
  const noun = {
    integer: "a whole number",
    number: "a number",
    string: "text",
    object: "a mapping",
    array: "a list",
    boolean: "true or false",
    null: "null",
  }[type];
  return noun ?? type.split(",").map(article).join(" or ");
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, "");
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}:${p.code}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
