/** Evaluation runs and their findings: saved after each evaluation, read back for history. */
import type { Kysely } from "kysely";
import type { Finding } from "../findings/finding.js";
import type { Database } from "./database.js";

export interface RunRecord {
  asOf: string;
  window: { from: string; to: string };
  policiesDigest: string;
  summary: unknown;
  findings: readonly Finding[];
}

/** The findings of the latest run whose as-of date is not after `asOf`. */
export async function readPreviousFindings(
  db: Kysely<Database>,
  asOf: string,
): Promise<Finding[] | undefined> {
  const run = await db
    .selectFrom("evaluation_runs")
    .select("id")
    .where("as_of", "<=", asOf)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!run) return undefined;
  const rows = await db
    .selectFrom("findings")
    .select("finding")
    .where("run_id", "=", run.id)
    .execute();
  return rows.map((r) => JSON.parse(r.finding) as Finding);
}

/** Saves a run (its id assigned by the database) and returns its id. */
export async function saveRun(db: Kysely<Database>, run: RunRecord): Promise<number> {
  const inserted = await db
    .insertInto("evaluation_runs")
    .values({
      as_of: run.asOf,
      window_from: run.window.from,
      window_to: run.window.to,
      policies_digest: run.policiesDigest,
      summary: JSON.stringify(run.summary),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const id = Number(inserted.id);
  for (let i = 0; i < run.findings.length; i += 200) {
    await db
      .insertInto("findings")
      .values(
        run.findings.slice(i, i + 200).map((f) => ({
          run_id: id,
          finding_id: f.id,
          kind: f.kind,
          severity: f.severity,
          scope: f.scope,
          subject: f.subject,
          status: f.status,
          finding: JSON.stringify(f),
        })),
      )
      .execute();
  }
  return id;
}
