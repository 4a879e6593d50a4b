/** `stockpolicy report`: the monthly governance report, as Markdown, HTML and JSON. */
import { toIsoDate } from "../../dates.js";
import { evaluationRequest } from "../../run/run-evaluation.js";
import { runReport } from "../../run/run-report.js";
import type { Io } from "../io.js";
import type { SharedOptions } from "../shared-options.js";

export async function reportCommand(
  options: SharedOptions,
  month: string | undefined,
  io: Io,
): Promise<number> {
  const { report, files } = await runReport({
    ...evaluationRequest(options, io.cwd, toIsoDate(io.now)),
    ...(month ? { month } : {}),
    out: options.out ?? "reports",
  });
  io.stdout(`${report.verdict.lines.join("\n")}\n\nwrote ${files.join(", ")}\n`);
  return 0;
}
