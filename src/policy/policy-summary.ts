import type { LoadedPolicy, PolicyMetadata } from "../types.js";

export interface PolicySummary {
  name: string;
  version: number;
  file: string;
  owner: string;
}

/**
 * A policy as outputs list it: name, version, file, owner.
 *
 * @example policySummary(segment) // { name: "steady-core", version: 4, file: "policies/segments/steady-core.yaml", owner: "…" }
 */
export function policySummary(p: LoadedPolicy<{ metadata: PolicyMetadata }>): PolicySummary {
  const { name, version, owner } = p.value.metadata;
  return { name, version, file: p.file, owner };
}
