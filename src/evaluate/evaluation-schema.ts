/**
 * The JSON Schema of the evaluation document (`evaluate --format json`), beside the document it
 * describes; and every schema the tool publishes, by name (`schemas/*.schema.json` are these
 * objects written out; a test keeps them current).
 *
 * @example SCHEMAS.evaluation.title // "Evaluation"
 */
import { FINDING_KINDS, FINDING_SCOPES, FINDING_STATUSES } from "../findings/kinds.js";
import { POLICY_SCHEMAS } from "../policy/schemas.js";
import { COLUMN_MAPPING_SCHEMA } from "../outcomes/mapping-schema.js";
import {
  BASE,
  DRAFT,
  int,
  num,
  obj,
  positionSchema,
  str,
  windowSchema,
} from "../vocabulary/json-schema.js";
import type { Schema } from "../vocabulary/json-schema.js";

export const EVALUATION_SCHEMA: Schema = {
  $schema: DRAFT,
  $id: `${BASE}evaluation.schema.json`,
  title: "Evaluation",
  description:
    "What `stockpolicy evaluate --format json` prints: the policies, segments and findings of one run.",
  type: "object",
  additionalProperties: false,
  required: [
    "schemaVersion",
    "tool",
    "asOf",
    "window",
    "policies",
    "segments",
    "summary",
    "findings",
  ],
  properties: {
    schemaVersion: { const: 1, description: "Version of this output format." },
    tool: obj(
      "The tool that made the output.",
      {
        name: { const: "stockpolicy", description: "Always stockpolicy." },
        version: str("Its version."),
      },
      ["name", "version"],
    ),
    asOf: str("Last day of the evaluation, YYYY-MM-DD.", { format: "date" }),
    window: windowSchema,
    windowAsked: {
      ...windowSchema,
      description:
        "The window asked for, present only when it began before the first day of daily data: " +
        "`window` is then clipped to start on that day.",
    },
    membershipWindow: {
      ...windowSchema,
      description:
        "The reference window SKUs were assigned to segments on (the window of the same length " +
        "before `window`, inside the data); absent when the data has too little of it and " +
        "membership was decided on `window` itself.",
    },
    policies: {
      type: "array",
      description: "The segment policies evaluated.",
      items: obj(
        "A policy.",
        {
          name: str("Segment name."),
          version: int("Policy version.", { minimum: 1 }),
          file: str("Policy file."),
          owner: str("Policy owner."),
        },
        ["name", "version", "file", "owner"],
      ),
    },
    segments: {
      type: "array",
      description: "Each segment with its SKU count and metrics.",
      items: obj(
        "A segment.",
        {
          name: str("Segment name."),
          skus: int("SKUs assigned to it.", { minimum: 0 }),
          metrics: {
            type: "object",
            description: "Metric name → value (null where not measurable).",
            additionalProperties: { type: ["number", "string", "null"] },
          },
        },
        ["name", "skus", "metrics"],
      ),
    },
    summary: obj(
      "Counts of findings.",
      {
        findings: obj(
          "Findings by severity.",
          {
            error: int("Findings of severity error.", { minimum: 0 }),
            warning: int("Findings of severity warning.", { minimum: 0 }),
            info: int("Findings of severity info.", { minimum: 0 }),
          },
          ["error", "warning", "info"],
        ),
        waived: int(
          "Open findings a live exception waives (not counted above); present when there are some.",
          { minimum: 1 },
        ),
      },
      ["findings"],
    ),
    findings: {
      type: "array",
      description: "What the evaluation found.",
      items: obj(
        "A finding.",
        {
          id: str("Stable across runs for the same kind, scope, subject and metric."),
          kind: { enum: [...FINDING_KINDS], description: "What sort of finding it is." },
          severity: {
            enum: ["error", "warning", "info"],
            description:
              "error: far beyond the bound; warning: beyond it; info: not enough data or advice.",
          },
          scope: { enum: [...FINDING_SCOPES], description: "What the finding is about." },
          subject: str("The SKU, segment, planner or 'portfolio'."),
          policy: {
            type: ["string", "null"],
            description: "The segment policy the bound comes from, if any.",
          },
          policyVersion: { type: ["integer", "null"], description: "Its version." },
          metric: { type: ["string", "null"], description: "The metric concerned, if any." },
          expected: { type: ["object", "null"], description: "The bound: { min, max }." },
          actual: { type: ["number", "string", "null"], description: "The observed value." },
          evidence: obj(
            "The numbers behind the finding.",
            {
              n: int("Observations the value rests on.", { minimum: 0 }),
              interval: {
                type: ["array", "null"],
                items: { type: "number" },
                minItems: 2,
                maxItems: 2,
                description: "95% interval of the value.",
              },
              window: { ...windowSchema, description: "The window the evidence comes from." },
              p: num("The one-sided p-value of the test that raised the finding.", {
                minimum: 0,
                maximum: 1,
              }),
              adjustedP: num("Its Holm-adjusted p-value within the evaluation's family of tests.", {
                minimum: 0,
                maximum: 1,
              }),
              level: num("The family-wise level the adjusted p-value was tested at.", {
                minimum: 0,
                maximum: 1,
              }),
              tests: int(
                "Units of weight in the family: each test, and each block of per-SKU tests.",
                {
                  minimum: 1,
                },
              ),
            },
            ["n"],
            { additionalProperties: true },
          ),
          message: str("One sentence a planner understands."),
          owner: str("Who answers for it."),
          source: { ...positionSchema, description: "The policy line that set the bound." },
          status: { enum: [...FINDING_STATUSES], description: "Compared with the previous run." },
          runs: int("Runs in a row this finding has been present.", { minimum: 1 }),
          waived: obj(
            "Present when a live exception (policies/exceptions/) waives the finding: it fails nothing.",
            {
              exception: str("The exception's name."),
              owner: str("Who answers for the exception."),
              approvedBy: str("Who approved it."),
              expires: str("Its last day, YYYY-MM-DD.", { format: "date" }),
              reason: str("Why the finding is accepted for now."),
              source: { ...positionSchema, description: "The exception's line that covers it." },
            },
            ["exception", "owner", "approvedBy", "expires", "reason", "source"],
          ),
        },
        ["id", "kind", "severity", "scope", "subject", "evidence", "message", "owner", "status"],
      ),
    },
  },
};

/** Every published schema: the policy files', the column mapping's and the evaluation output's. */
export const SCHEMAS = {
  ...POLICY_SCHEMAS,
  "column-mapping": COLUMN_MAPPING_SCHEMA,
  evaluation: EVALUATION_SCHEMA,
} as const;
