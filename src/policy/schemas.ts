/**
 * The JSON Schemas of the policy files, built from the metric catalog so the two never
 * disagree (the evaluation output's schema is beside the evaluation, in
 * `evaluate/evaluation-schema.ts`). `schemas/*.schema.json` are these objects written out
 * (a test keeps them current); editors read those files, the loader uses these objects.
 *
 * @example SCHEMAS["segment-policy"].title // "SegmentPolicy"
 */
import { METRICS, NUMERIC_METRIC_NAMES } from "../vocabulary/metric-catalog.js";
import type { MetricRange } from "../vocabulary/metric-catalog.js";
import { BASE, DRAFT, int, num, obj, str } from "../vocabulary/json-schema.js";
import {
  EXCEPTION_KINDS,
  FINDING_KIND_NAMES,
  FINDING_SCOPES,
} from "../vocabulary/finding-kinds.js";
import type { Schema } from "../vocabulary/json-schema.js";

export const API_VERSION = "stockpolicy/v1";

const ATTRIBUTE_NAME = "^[a-z_][a-z0-9_]*$";
const MONTH_DAY = "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

const RANGE_LIMITS: Record<Exclude<MetricRange, "category">, Schema> = {
  rate: { minimum: 0, maximum: 1 },
  nonNegative: { minimum: 0 },
  positive: { minimum: 0 },
  signed: {},
};

function metricBounds(description: string): Schema {
  const properties: Record<string, Schema> = {};
  for (const name of NUMERIC_METRIC_NAMES) {
    const info = METRICS[name];
    const limits = RANGE_LIMITS[info.range as Exclude<MetricRange, "category">];
    properties[name] = obj(
      `${info.description} Bounds: { min, max }, either or both.`,
      {
        min: num(`Lowest acceptable ${name}.`, limits),
        max: num(`Highest acceptable ${name}.`, limits),
      },
      [],
      { minProperties: 1 },
    );
  }
  return obj(description, properties);
}

const header = (kind: string, kindDescription: string): Record<string, Schema> => ({
  apiVersion: { const: API_VERSION, description: `Always "${API_VERSION}".` },
  kind: { const: kind, description: kindDescription },
  metadata: {
    $ref: "#/definitions/metadata",
    description: "Name, version, owner and review cadence of this policy.",
  },
});

const conditionDefinitions: Record<string, Schema> = {
  condition: {
    type: "object",
    description:
      "A json-rules-engine condition: { all: [...] }, { any: [...] " +
      "}, { not: ... } or a leaf { fact, operator, value }.",
    if: { required: ["all"] },
    then: { $ref: "#/definitions/allCondition" },
    else: {
      if: { required: ["any"] },
      then: { $ref: "#/definitions/anyCondition" },
      else: {
        if: { required: ["not"] },
        then: { $ref: "#/definitions/notCondition" },
        else: { $ref: "#/definitions/leafCondition" },
      },
    },
  },
  topCondition: {
    type: "object",
    description: "The top of a rule: { all: [...] }, { any: [...] } or { not: ... }.",
    if: { required: ["any"] },
    then: { $ref: "#/definitions/anyCondition" },
    else: {
      if: { required: ["not"] },
      then: { $ref: "#/definitions/notCondition" },
      else: {
        if: { required: ["all"] },
        then: { $ref: "#/definitions/allCondition" },
        else: { $ref: "#/definitions/missingTopCondition" },
      },
    },
  },
  missingTopCondition: {
    description: "A rule must start with all, any or not.",
    not: {},
  },
  allCondition: obj(
    "Holds when every condition holds.",
    {
      all: {
        type: "array",
        minItems: 1,
        items: { $ref: "#/definitions/condition" },
        description: "Conditions that must all hold.",
      },
      name: str("A label shown in explanations."),
    },
    ["all"],
  ),
  anyCondition: obj(
    "Holds when at least one condition holds.",
    {
      any: {
        type: "array",
        minItems: 1,
        items: { $ref: "#/definitions/condition" },
        description: "Conditions of which one must hold.",
      },
      name: str("A label shown in explanations."),
    },
    ["any"],
  ),
  notCondition: obj(
    "Holds when its condition does not.",
    {
      not: { $ref: "#/definitions/condition", description: "The condition to negate." },
      name: str("A label shown in explanations."),
    },
    ["not"],
  ),
  leafCondition: obj(
    "Compares one fact with a value.",
    {
      fact: str(
        "A metric name, a skus.csv column, or an attribute declared in the RiskTolerance.",
        { minLength: 1 },
      ),
      operator: str(
        "A json-rules-engine operator (equal, lessThan, in, …, optionally decorated as not:equal) or one " +
          "of stockpolicy's (between, startsWith, endsWith).",
        { minLength: 1 },
      ),
      value: {
        description:
          "The value to compare with: a number, a string, a list, or { fact: NAME } for another fact.",
      },
      path: str("A JSONPath into the fact's value."),
      params: { type: "object", description: "Parameters passed to the fact." },
      name: str("A label shown in explanations."),
    },
    ["fact", "operator", "value"],
  ),
};

const metadata = obj(
  "Who owns this policy, which version it is, and when it was last reviewed.",
  {
    name: str("Unique name, lower-case words joined by dashes.", {
      pattern: "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
      maxLength: 63,
    }),
    version: int("Policy version, bumped on every change.", { minimum: 1 }),
    owner: str("Who answers for this policy: a person's e-mail or a team.", { minLength: 1 }),
    reviewedOn: str("Date of the last review, YYYY-MM-DD.", { format: "date" }),
    reviewEveryDays: int("Days between reviews; past reviewedOn + this, the policy is stale.", {
      minimum: 1,
      maximum: 1095,
    }),
    rationale: str("Why the policy is what it is: where the risk should sit and why."),
  },
  ["name", "version", "owner", "reviewedOn", "reviewEveryDays"],
);

const segmentPolicy: Schema = {
  $schema: DRAFT,
  $id: `${BASE}segment-policy.schema.json`,
  title: "SegmentPolicy",
  description:
    "The stock policy of one segment of SKUs: which SKUs it covers, what it assumes, what it aims for, " +
    "and which outcomes it tolerates.",
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "metadata", "priority", "targets"],
  properties: {
    ...header("SegmentPolicy", 'Always "SegmentPolicy" for a file in segments/.'),
    match: {
      $ref: "#/definitions/topCondition",
      description:
        "Which SKUs belong to the segment: json-rules-engine conditions over metrics and attributes. Without " +
        "it, only SKUs pinned in skus.csv belong.",
    },
    priority: int("Where several segments match a SKU, the highest priority wins.", {
      minimum: 0,
      maximum: 100000,
    }),
    assumptions: metricBounds(
      "What the policy believes about the world; drift beyond these bounds is reported.",
    ),
    targets: obj(
      "What the stock logic aims for.",
      {
        fillRate: num("Target fill rate, above 0 and below 1 (1 would need unbounded stock).", {
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
        }),
        reviewPeriodDays: int("Days between replenishment reviews (R of an (R, S) policy).", {
          minimum: 1,
          maximum: 365,
        }),
        cover: obj(
          "The range of weeks of demand that stock on hand should cover.",
          {
            minWeeks: num("Fewest weeks of cover to hold.", { minimum: 0 }),
            maxWeeks: num("Most weeks of cover to hold; capital beyond it is excess.", {
              exclusiveMinimum: 0,
            }),
          },
          ["minWeeks", "maxWeeks"],
        ),
        replenish: {
          type: "boolean",
          description:
            "false for a segment that is run down (clearance): no new orders are expected.",
        },
        demandBasis: {
          enum: ["trailing", "forecast", "last-year"],
          description:
            "What the order-up-to level is sized on: trailing (default), the window's mean demand a day; " +
            "forecast, forecasts.csv over the protection interval (review period + lead time); last-year, " +
            "the same weeks of the previous year.",
        },
        seasonalBuild: {
          type: "array",
          minItems: 1,
          description:
            "Windows of the calendar in which stock is built ahead of a peak: the inventory position " +
            "covers the lead time and coverWeeks of forward demand.",
          items: obj(
            "One build window, MM-DD to MM-DD (to before from wraps the year end).",
            {
              from: str("First day of the window, MM-DD.", { pattern: MONTH_DAY }),
              to: str("Last day of the window, MM-DD.", { pattern: MONTH_DAY }),
              coverWeeks: num("Weeks of forward demand, past the lead time, to hold.", {
                exclusiveMinimum: 0,
                maximum: 104,
              }),
            },
            ["from", "to", "coverWeeks"],
          ),
        },
      },
      ["fillRate", "reviewPeriodDays", "cover"],
    ),
    tolerance: metricBounds(
      "Realized outcomes this segment may show; outcomes beyond these bounds are breaches.",
    ),
  },
  definitions: { metadata, ...conditionDefinitions },
};

const riskTolerance: Schema = {
  $schema: DRAFT,
  $id: `${BASE}risk-tolerance.schema.json`,
  title: "RiskTolerance",
  description:
    "The business's risk appetite, company-wide: portfolio bounds and what counts as an override.",
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "metadata", "currency", "portfolio", "overrides"],
  properties: {
    ...header("RiskTolerance", 'Always "RiskTolerance" for tolerance.yaml.'),
    currency: str("ISO 4217 code of the one currency of the data set.", { pattern: "^[A-Z]{3}$" }),
    portfolio: metricBounds(
      "Bounds on the whole business's outcomes (capital in the currency above).",
    ),
    overrides: obj(
      "When a planner's order counts as an override, and when overrides are routine.",
      {
        threshold: num("|ordered − recommended| ÷ recommended above this is an override.", {
          exclusiveMinimum: 0,
          maximum: 10,
        }),
        routine: obj(
          "When overriding has become routine.",
          {
            rate: num("An override rate at or above this is routine.", {
              exclusiveMinimum: 0,
              maximum: 1,
            }),
            streak: int("This many overrides in a row is routine.", { minimum: 2 }),
          },
          ["rate", "streak"],
        ),
      },
      ["threshold", "routine"],
    ),
    economics: obj("The economics behind service levels: what stock costs to hold.", {
      holdingCostRate: num(
        "Cost of holding stock a year, as a share of unit cost (capital, storage, shrink, obsolescence): " +
          "with each SKU's margin it sets the economically optimal fill rate (the newsvendor ratio).",
        { exclusiveMinimum: 0, maximum: 5 },
      ),
    }),
    suppliers: obj(
      "How much of the portfolio one supplier (skus.csv's supplier column) may carry.",
      {
        capitalShare: obj(
          "The share of the portfolio's capital the SKUs of any one supplier may hold: { max }.",
          {
            max: num("Highest acceptable share of capital on one supplier.", {
              minimum: 0,
              maximum: 1,
            }),
          },
          ["max"],
        ),
      },
    ),
    exceptions: obj("How long an exception may last, and when waiving has become routine.", {
      maxDays: int("Most days from an exception's approvedOn to its expires (default 90).", {
        minimum: 1,
        maximum: 366,
      }),
      routine: obj("When exceptions have become routine.", {
        waivedShare: num(
          "A segment with at least this share of its findings waived (and at least 3 waived) waives " +
            "routinely (default 0.5).",
          { exclusiveMinimum: 0, maximum: 1 },
        ),
        ownerShare: num(
          "One owner holding at least this share of the live exceptions (4 or more) holds too many " +
            "(default 0.5).",
          { exclusiveMinimum: 0, maximum: 1 },
        ),
      }),
    }),
    attributes: {
      type: "array",
      description:
        "Extra skus.csv columns that rules may use as facts (a fact outside metrics, contract columns " +
        "and this list is a typo): a name (compared as text), or { name, type: number } for a column " +
        "of numbers, compared as numbers.",
      uniqueItems: true,
      items: {
        description: "One attribute: its column name, or its name and type.",
        anyOf: [
          str("A skus.csv column name, lower case, compared as text.", { pattern: ATTRIBUTE_NAME }),
          obj(
            "An attribute with its type.",
            {
              name: str("A skus.csv column name, lower case.", { pattern: ATTRIBUTE_NAME }),
              type: {
                enum: ["text", "number"],
                description:
                  "number: values are compared as numbers (blank or not a number: no value).",
              },
            },
            ["name", "type"],
          ),
        ],
      },
    },
  },
  definitions: { metadata },
};

const check: Schema = {
  $schema: DRAFT,
  $id: `${BASE}check.schema.json`,
  title: "Check",
  description:
    "A custom rule: when its conditions hold for a SKU, a segment or the portfolio, it raises a finding.",
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "metadata", "scope", "severity", "conditions", "message"],
  properties: {
    ...header("Check", 'Always "Check" for a file in checks/.'),
    scope: {
      enum: ["sku", "segment", "portfolio"],
      description: "What the rule is evaluated on: each SKU, each segment, or the portfolio.",
    },
    severity: {
      enum: ["error", "warning", "info"],
      description: "Severity of the finding it raises.",
    },
    conditions: { $ref: "#/definitions/topCondition", description: "When the finding is raised." },
    message: str("One sentence a planner understands, shown with the finding.", { minLength: 1 }),
  },
  definitions: { metadata, ...conditionDefinitions },
};

const exceptionMetadata = obj(
  "Who asked for this exception, who approved it, when, and why.",
  {
    name: (metadata.properties as Record<string, Schema>).name as Schema,
    version: (metadata.properties as Record<string, Schema>).version as Schema,
    owner: str("Who answers for the exception while it lasts: a person's e-mail or a team.", {
      minLength: 1,
    }),
    approvedBy: str("Who approved it (not its owner's say-so alone): an e-mail or a team.", {
      minLength: 1,
    }),
    approvedOn: str("Date it was approved (or last renewed), YYYY-MM-DD.", { format: "date" }),
    since: str(
      "Date it was first granted, when it has been renewed since, YYYY-MM-DD (default approvedOn): " +
        "waiving for more than two maximum terms since then is routine.",
      { format: "date" },
    ),
    reason: str("Why the findings it covers are accepted for now, in a sentence or two.", {
      minLength: 1,
    }),
  },
  ["name", "version", "owner", "approvedBy", "approvedOn", "reason"],
);

const policyException: Schema = {
  $schema: DRAFT,
  $id: `${BASE}policy-exception.schema.json`,
  title: "PolicyException",
  description:
    "A governed exception: the findings it covers are reported as waived, and do not fail check, " +
    "until it expires (and, with within, only while the covered value stays within bounds).",
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "metadata", "covers", "expires"],
  properties: {
    ...header("PolicyException", 'Always "PolicyException" for a file in exceptions/.'),
    metadata: {
      $ref: "#/definitions/exceptionMetadata",
      description: "Name, version, owner, approval and reason of this exception.",
    },
    covers: obj(
      "Which findings it waives: every field given must match (a finding id alone, or kind, scope, " +
        "subject and metric in any combination).",
      {
        finding: str(
          "A finding id, kind:scope/subject[:key], as evaluate prints it (the key a metric, or a " +
            "metric and what is tested of it: expediteRate:trend).",
          {
            minLength: 1,
          },
        ),
        kind: {
          enum: FINDING_KIND_NAMES.filter((k) => !EXCEPTION_KINDS.includes(k)),
          description: "The kind of finding.",
        },
        scope: {
          enum: FINDING_SCOPES.filter((s) => s !== "exception"),
          description: "What the finding is about.",
        },
        subject: str("The SKU, segment, planner or supplier the finding names.", {
          minLength: 1,
        }),
        metric: str("The metric of the finding (a metric name, or a check's fact).", {
          minLength: 1,
        }),
      },
      [],
      { minProperties: 1 },
    ),
    expires: str(
      "The last day it waives anything, YYYY-MM-DD; at most the RiskTolerance's exceptions.maxDays " +
        "after approvedOn. Past it, the findings it covered fail again.",
      { format: "date" },
    ),
    within: obj(
      "A bound the covered finding's value must keep while waived: { min, max }, either or both.",
      {
        min: num("Lowest value still waived."),
        max: num("Highest value still waived."),
      },
      [],
      { minProperties: 1 },
    ),
  },
  definitions: { exceptionMetadata },
};

const caseName = str("What the case shows, in a sentence: its name in the results.", {
  minLength: 1,
});
const facts = {
  type: "object",
  description:
    "Facts as rules see them: metric values (numbers; demandPattern and abcClass as text), skus.csv " +
    "columns and declared attributes.",
  additionalProperties: {
    type: ["string", "number", "boolean", "null"],
    description: "One fact's value.",
  },
};
const names = (description: string): Schema => ({
  type: "array",
  description,
  minItems: 1,
  uniqueItems: true,
  items: str("A check's name.", { minLength: 1 }),
});
const findingPattern = obj(
  "A finding: every field given must match.",
  {
    kind: {
      enum: [...FINDING_KIND_NAMES],
      description: "The kind of finding.",
    },
    scope: { enum: [...FINDING_SCOPES], description: "What the finding is about." },
    subject: str("The SKU, segment, planner, supplier or exception it names.", { minLength: 1 }),
    metric: str("Its metric.", { minLength: 1 }),
    severity: { enum: ["error", "warning", "info"], description: "Its severity." },
    waived: {
      type: "boolean",
      description: "Whether an exception (policies/exceptions/) waives it.",
    },
  },
  ["kind"],
);

const policyTest: Schema = {
  $schema: DRAFT,
  $id: `${BASE}policy-test.schema.json`,
  title: "PolicyTest",
  description:
    "Unit tests of the policies, run by stockpolicy test: facts that must land in a segment, facts on " +
    "which checks must or must not fire, and small data folders whose findings must (not) appear.",
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "metadata"],
  anyOf: [{ required: ["segments"] }, { required: ["checks"] }, { required: ["scenarios"] }],
  properties: {
    apiVersion: { const: API_VERSION, description: `Always "${API_VERSION}".` },
    kind: { const: "PolicyTest", description: 'Always "PolicyTest" for a file in tests/.' },
    metadata: obj(
      "The test file's name and owner.",
      {
        name: (metadata.properties as Record<string, Schema>).name as Schema,
        owner: str("Who answers for these tests: a person's e-mail or a team.", { minLength: 1 }),
        description: str("What the tests are for."),
      },
      ["name", "owner"],
    ),
    segments: {
      type: "array",
      minItems: 1,
      description: "Cases of segment membership: facts → the segment they land in.",
      items: obj(
        "One SKU's facts and the segment they must land in.",
        {
          name: caseName,
          facts,
          expect: str('The segment the facts must land in, or "unassigned".', { minLength: 1 }),
        },
        ["name", "facts", "expect"],
      ),
    },
    checks: {
      type: "array",
      minItems: 1,
      description: "Cases of custom checks: facts → the checks that must and must not fire.",
      items: obj(
        "One subject's facts and the checks that must (not) fire on them.",
        {
          name: caseName,
          scope: {
            enum: ["sku", "segment", "portfolio"],
            description: "What the facts describe (default sku): only checks of this scope run.",
          },
          facts,
          fires: names("Checks that must fire."),
          doesNotFire: names("Checks that must not fire."),
        },
        ["name", "facts"],
        { anyOf: [{ required: ["fires"] }, { required: ["doesNotFire"] }] },
      ),
    },
    scenarios: {
      type: "array",
      minItems: 1,
      description:
        "Cases of whole evaluations: a small data folder → findings that must (not) appear.",
      items: obj(
        "One data folder evaluated with these policies.",
        {
          name: caseName,
          data: str("A data folder (CONTRACT §1), relative to this file.", { minLength: 1 }),
          window: str(
            "The window evaluated, ending on the data's last day: 90d, 13w, 3m (default 90d).",
            {
              pattern: "^[1-9][0-9]{0,3}[dwm]$",
            },
          ),
          expect: {
            type: "array",
            minItems: 1,
            description: "Findings that must appear.",
            items: findingPattern,
          },
          absent: {
            type: "array",
            minItems: 1,
            description: "Findings that must not appear.",
            items: findingPattern,
          },
        },
        ["name", "data"],
        { anyOf: [{ required: ["expect"] }, { required: ["absent"] }] },
      ),
    },
  },
};

/** The policy files' schemas, by name. */
export const POLICY_SCHEMAS = {
  "segment-policy": segmentPolicy,
  "risk-tolerance": riskTolerance,
  check,
  "policy-exception": policyException,
  "policy-test": policyTest,
} as const;

export type SchemaName = keyof typeof POLICY_SCHEMAS;
