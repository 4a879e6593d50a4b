/**
 * `profile` end to end: open the store (or load --data into a throwaway one), read every SKU's
 * metrics over the window, and what each file covers. Needs no policies: it is what one writes
 * the first policies from. With a policy folder, its override threshold and number attributes
 * are used; without one, the contract's default threshold (10%).
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { Window } from "../dates.js";
import { ProblemsError } from "../errors.js";
import { withPortfolioMetrics } from "../evaluate/segment-portfolio.js";
import { profileData } from "../governance/data-profile.js";
import type { DataProfile } from "../governance/data-profile.js";
import { numberAttributes } from "../policy/attributes.js";
import { loadPolicies } from "../policy/load-policies.js";
import { readCoverage } from "../store/read-coverage.js";
import { resolveAsOf, withOutcomeStore } from "./run-evaluation.js";
import { readSkuWindow } from "./read-sku-window.js";
import type { OutcomeRequest } from "./run-evaluation.js";

/** The override threshold of a profile read without policies. */
export const DEFAULT_OVERRIDE_THRESHOLD = 0.1;

export interface ProfileRequest extends OutcomeRequest {
  /** A policy folder, used when it exists (its threshold and attribute types). */
  policies: string;
  asOf?: string;
  window: Window;
}

async function toleranceOf(request: ProfileRequest) {
  const dir = path.resolve(request.cwd, request.policies);
  if (!existsSync(dir)) return undefined;
  const { policies, problems } = await loadPolicies(dir, {
    cwd: request.cwd,
    today: request.today,
  });
  if (!policies) throw new ProblemsError(problems);
  return policies.tolerance.value;
}

export async function runProfile(request: ProfileRequest): Promise<DataProfile> {
  const tolerance = await toleranceOf(request);
  return withOutcomeStore({ ...request, readOnly: true }, async (store, range) => {
    const asOf = resolveAsOf(request.asOf, { firstDate: range.first, lastDate: range.last });
    const read = await readSkuWindow(store, asOf, {
      length: request.window,
      firstDate: range.first,
      overrideThreshold: tolerance?.overrides.threshold ?? DEFAULT_OVERRIDE_THRESHOLD,
      numbers: numberAttributes(tolerance),
      keep: {},
      ...(request.threads !== undefined ? { threads: request.threads } : {}),
    });
    const coverage = await store.read((db) => readCoverage(db));
    return profileData({
      asOf,
      window: read.window,
      coverage,
      skus: withPortfolioMetrics(read.evaluations),
    });
  });
}
