import type { LoadedPolicy, PolicyMetadata, PolicySet } from "../types.js";

export interface PolicySummary {
  name: string;
  version: number;
  file: string;
  owner: string;
}

/**
 * A policy as outputs list it: name, version, file, owner.
 *
 * @example policySummary(segment)
 * // { name: "steady-core", version: 4, file: "policies/segments/steady-core.yaml", owner: "…" }
 */
export function policySummary(p: LoadedPolicy<{ metadata: PolicyMetadata }>): PolicySummary {
  const { name, version, owner } = p.value.metadata;
  return { name, version, file: p.file, owner };
}

/** Any loaded policy, as the code that treats every kind alike reads it. */
export type AnyPolicy = LoadedPolicy<{ kind: string; metadata: PolicyMetadata }>;

/** Every policy of a set: the risk tolerance, then segments, then checks. */
export function allPolicies(set: PolicySet): AnyPolicy[] {
  return [set.tolerance, ...set.segments, ...set.checks] as AnyPolicy[];
}
