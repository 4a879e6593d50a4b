/**
 * The policy schemas' validators compiled ahead of time. Compiling them takes ajv about 140 ms,
 * on every command; `npm run build` writes them once as ajv standalone code
 * (`dist/policy/validators.cjs`), with a digest of the schemas they were compiled from. At run
 * time they are used only when that digest is the current schemas' own: a stale or missing file
 * means compiling at run time, never validating against an old schema.
 */
import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, _ } from "ajv";
import type { Options, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import standaloneCode from "ajv/dist/standalone/index.js";
import { POLICY_SCHEMAS } from "./schemas.js";
import type { SchemaName } from "./schemas.js";

/** The options every policy validator is compiled with. */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
};

const FILE = "validators.cjs";

/** The digest of the schemas as they are now. */
export const schemasDigest = (): string =>
  createHash("sha256").update(JSON.stringify(POLICY_SCHEMAS)).digest("hex");

/** The standalone module's text: one validator a schema, and the digest they came from. */
export function standaloneValidators(): string {
  const ajv = new Ajv({
    ...AJV_OPTIONS,
    code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats.default(ajv, ["date"]);
  const refs: Record<string, string> = {};
  for (const [name, schema] of Object.entries(POLICY_SCHEMAS)) {
    ajv.addSchema(schema);
    refs[name] = String(schema.$id);
  }
  return `${standaloneCode.default(ajv, refs)}\nexports.digest = ${JSON.stringify(schemasDigest())};\n`;
}

/** Writes the module beside this file (the build's last step). */
export function writeStandaloneValidators(): string {
  const file = new URL(FILE, import.meta.url);
  writeFileSync(file, standaloneValidators());
  return file.pathname;
}

/** The precompiled validators, when the built file holds the current schemas' ones. */
export function precompiledValidators(): Map<SchemaName, ValidateFunction> | undefined {
  const file = new URL(FILE, import.meta.url);
  if (!existsSync(file)) return undefined;
  const loaded = createRequire(import.meta.url)(`./${FILE}`) as Record<string, unknown>;
  if (loaded.digest !== schemasDigest()) return undefined;
  const names = Object.keys(POLICY_SCHEMAS) as SchemaName[];
  if (!names.every((n) => typeof loaded[n] === "function")) return undefined;
  return new Map(names.map((n) => [n, loaded[n] as ValidateFunction]));
}
