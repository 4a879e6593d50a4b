/**
 * The validators the build precompiles (dist/policy/validators.cjs, written by the test setup as
 * by `npm run build`) are the current schemas' and judge exactly as the ones compiled at run time.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { AJV_OPTIONS, schemasDigest } from "../../src/policy/precompiled-validators.js";
import { POLICY_SCHEMAS } from "../../src/policy/schemas.js";
import { ROOT } from "../helpers/cli.js";

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const built = createRequire(import.meta.url)(
  path.join(ROOT, "dist", "policy", "validators.cjs"),
) as Record<string, unknown>;

const ajv = new Ajv(AJV_OPTIONS);
addFormats.default(ajv, ["date"]);

const CASES: unknown[] = [
  {},
  {
    apiVersion: "stockpolicy/v2",
    kind: "SegmentPolicy",
    targets: { fillRate: 2, cover: { minWeeks: -1 } },
  },
  {
    apiVersion: "stockpolicy/v1",
    kind: "RiskTolerance",
    metadata: { reviewedOn: "2026-02-30" },
    attributes: [7],
  },
  { kind: "Check", scope: "store", severity: "loud", conditions: { any: [{ fact: 1 }] } },
];

describe("precompiled validators", () => {
  it("were compiled from the schemas as they are now", () => {
    expect(built.digest).toBe(schemasDigest());
  });

  it.each(Object.keys(POLICY_SCHEMAS))(
    "%s: the same verdict and errors as compiling now",
    (name) => {
      const now = ajv.compile(POLICY_SCHEMAS[name as keyof typeof POLICY_SCHEMAS]);
      const pre = built[name] as Validate;
      for (const data of CASES) {
        expect(pre(data)).toBe(now(data));
        const strip = (errors: unknown[] | null | undefined) =>
          (errors ?? []).map((e) => {
            const { instancePath, schemaPath, keyword, params } = e as Record<string, unknown>;
            return { instancePath, schemaPath, keyword, params };
          });
        expect(strip(pre.errors)).toEqual(strip(now.errors));
      }
    },
  );
});
