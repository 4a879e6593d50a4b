/**
 * The commander program: turns argv into an options object and hands it to a command, which
 * is loaded only when it runs. No command logic lives here.
 */
import { neutralizeCommands } from "../report/escape.js";
import { Command, Option } from "commander";
import type { Io } from "./io.js";
import { DEMO_DEFAULTS } from "../demo/generate-demo.js";
import { UsageError } from "../errors.js";
import { VERSION } from "../version.js";
import { CHECK_FORMATS } from "../report/render-check.js";
import { DIFF_FORMATS } from "../report/render-diff.js";
import { EVALUATION_FORMATS } from "../report/render-evaluation.js";
import { EXPLAIN_FORMATS } from "../report/render-explanation.js";
import { INGEST_FORMATS } from "../report/render-ingest.js";
import { PROFILE_FORMATS } from "../report/render-profile.js";
import { SIMULATION_FORMATS } from "../report/render-simulation.js";
import { ALLOCATION_FORMATS } from "../report/render-allocation.js";
import { VALIDATION_FORMATS } from "../report/render-validation.js";
import { POLICY_TEST_FORMATS } from "../report/render-policy-tests.js";
import { addSharedOptions, dateFlag, parseSharedOptions } from "./shared-options.js";

const DEMO_SEED = DEMO_DEFAULTS.seed;

function positiveInt(value: unknown, flag: string): number {
  const text = typeof value === "string" ? value : "";
  if (!/^[1-9]\d{0,9}$/.test(text))
    throw new UsageError(`${flag}: expected a positive whole number, found "${text}"`);
  return Number(text);
}

/** Builds the program; the chosen command's exit code is passed to `setExitCode`. */
export function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command("stockpolicy")
    .description(
      "Stock policy as a governed, testable artifact: policies as code, checked against outcomes.",
    )
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => io.stdout(neutralizeCommands(s)),
      writeErr: (s) => io.stderr(neutralizeCommands(s)),
    })
    .exitOverride();

  for (const add of COMMANDS) add(program, io, setExitCode);
  return program;
}

function addValidate(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("validate")
      .description(
        "Parse and validate every policy file: schema, then semantic rules across files.",
      )
      .addHelpText(
        "after",
        "\nExamples:\n  $ stockpolicy validate\n  $ stockpolicy validate --policies policies --format " +
          "json\n  $ stockpolicy validate --data demo/data   # also: does every SKU fall in exactly one segment?\n",
      ),
    ["policies", "data", "window", "format"],
    VALIDATION_FORMATS,
  ).action(async (raw: Record<string, unknown>) => {
    const { validateCommand } = await import("./commands/validate.js");
    setExitCode(await validateCommand(parseSharedOptions(raw, io), io));
  });
}

function addTest(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("test")
      .description(
        "Run the policies' unit tests (tests/*.yaml): segment, check and scenario cases; exit 1 if one fails.",
      )
      .addHelpText(
        "after",
        "\nExamples:\n  $ stockpolicy test\n  $ stockpolicy test --policies policies --format junit " +
          "> policy-tests.xml\n",
      ),
    ["policies", "format"],
    POLICY_TEST_FORMATS,
  ).action(async (raw: Record<string, unknown>) => {
    const { testCommand } = await import("./commands/test.js");
    setExitCode(await testCommand(parseSharedOptions(raw, io), io));
  });
}

function addIngest(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("ingest")
      .description(
        "Load a folder of outcome CSVs (CONTRACT §1) into the store: every row checked, all or nothing.",
      )
      .argument(
        "<data-dir>",
        "folder with skus.csv and any of daily, purchase_orders, decisions, forecasts, events .csv",
      )
      .option(
        "--skip-invalid",
        "load the valid rows and list the invalid ones, instead of rejecting the run",
      )
      .option("--dry-run", "check every row, write nothing")
      .option(
        "--mapping <file>",
        "column mapping from an export's files, headers, dates and codes to the contract (default: " +
          "DATA_DIR/mapping.yaml when there is one)",
      )
      .addHelpText(
        "after",
        "\nExamples:\n  $ stockpolicy ingest data/\n  $ stockpolicy " +
          "ingest data/ --db postgres://localhost/stock --dry-run\n",
      ),
    ["db", "format"],
    INGEST_FORMATS,
  ).action(async (dataDir: string, raw: Record<string, unknown>) => {
    const { ingestCommand } = await import("./commands/ingest.js");
    const flags = {
      skipInvalid: raw.skipInvalid === true,
      dryRun: raw.dryRun === true,
      ...(typeof raw.mapping === "string" ? { mapping: raw.mapping } : {}),
    };
    setExitCode(await ingestCommand(dataDir, parseSharedOptions(raw, io), flags, io));
  });
}

function addEvaluate(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("evaluate")
      .description(
        "Compute metrics, assign segments, run every check against the policies, and print the findings.",
      )
      .addHelpText(
        "after",
        "\nExamples:\n  $ stockpolicy evaluate --format table\n  $ stockpolicy evaluate --data demo/data " +
          "--as-of 2026-10-31 --window 13w --format json --out findings.json\n",
      ),
    ["policies", "db", "data", "threads", "asOf", "window", "format", "out"],
    EVALUATION_FORMATS,
  ).action(async (raw: Record<string, unknown>) => {
    const { evaluateCommand } = await import("./commands/evaluate.js");
    setExitCode(await evaluateCommand(parseSharedOptions(raw, io), io));
  });
}

function addExplain(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("explain")
      .description(
        "Explain one SKU: its metrics with their evidence, its segment and why (each rule's fact against " +
          "its threshold), and the findings about it.",
      )
      .argument("<sku>", "the SKU, as in skus.csv")
      .addHelpText(
        "after",
        "\nExamples:\n  $ stockpolicy explain KB-H03 --db demo/outcomes.db\n  $ stockpolicy explain KB-C0001 " +
          "--as-of 2026-06-30 --format json\n",
      ),
    ["policies", "db", "data", "threads", "asOf", "window", "format"],
    EXPLAIN_FORMATS,
  ).action(async (sku: string, raw: Record<string, unknown>) => {
    const { explainCommand } = await import("./commands/explain.js");
    setExitCode(await explainCommand(sku, parseSharedOptions(raw, io), io));
  });
}

function addInit(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("init")
      .description(
        "Draft a starter policy set from the outcomes: segments drawn from the data (ABC by value × XYZ by " +
          "demand variability, within bands of planned lead time where lead times differ), targets by cell " +
          "and from their economics, assumptions and tolerances from what was observed, each number with a " +
          "comment saying where it came from.",
      )
      .option("--force", "replace an existing policy folder with the drafted one")
      .option(
        "--explain",
        "show the segmentation as a table: cell, SKUs, share of value, demand CV, fill rate and cover",
      )
      .addHelpText(
        "after",
        "\nExamples:\n  $ stockpolicy init --data exports/ --policies policies\n  $ stockpolicy init --db " +
          "demo/outcomes.db --policies /tmp/drafted --window 13w --explain\n",
      ),
    ["policies", "db", "data", "threads", "asOf", "window"],
  ).action(async (raw: Record<string, unknown>) => {
    const { initCommand } = await import("./commands/init.js");
    setExitCode(
      await initCommand(
        parseSharedOptions(raw, io),
        { force: raw.force === true, explain: raw.explain === true },
        io,
      ),
    );
  });
}

function addProfile(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("profile")
      .description(
        "What the outcomes can say, before any policy: each file's rows, SKUs and dates, which metrics " +
          "the data supports (and why not), and every SKU's metrics with their n. Needs no policies.",
      )
      .addHelpText(
        "after",
        "\nExamples:\n  $ stockpolicy profile --data demo/data\n  $ stockpolicy profile --db demo/outcomes.db " +
          "--format csv --out profile.csv\n",
      ),
    ["policies", "db", "data", "threads", "asOf", "window", "format", "out"],
    PROFILE_FORMATS,
  ).action(async (raw: Record<string, unknown>) => {
    const { profileCommand } = await import("./commands/profile.js");
    setExitCode(await profileCommand(parseSharedOptions(raw, io), io));
  });
}

function addCheck(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("check")
      .description(
        "For CI: validate the policies and evaluate them; exit 1 when a finding is at or above --fail-on.",
      )
      .addOption(
        new Option("--fail-on <severity>", "lowest severity that fails")
          .choices(["error", "warning"])
          .default("error"),
      )
      .option("--baseline <file>", "findings JSON from main: only findings not in it fail")
      .option("--sarif <file>", "also write the findings as SARIF 2.1.0 (code scanning) to FILE")
      .option(
        "--junit <file>",
        "also write the verdict as JUnit XML (a test case a policy) to FILE",
      )
      .addHelpText(
        "after",
        "\nExamples:\n  $ stockpolicy check --data demo/data --fail-on warning\n  $ stockpolicy check " +
          "--format github --baseline main-findings.json --sarif findings.sarif --junit findings.xml\n",
      ),
    ["policies", "db", "data", "threads", "asOf", "window", "format"],
    CHECK_FORMATS,
  ).action(async (raw: Record<string, unknown>) => {
    const { checkCommand } = await import("./commands/check.js");
    const failOn = raw.failOn === "warning" ? "warning" : "error";
    const files: Record<string, string> = {};
    for (const key of ["baseline", "sarif", "junit"])
      if (typeof raw[key] === "string") files[key] = raw[key];
    setExitCode(await checkCommand(parseSharedOptions(raw, io), { failOn, ...files }, io));
  });
}

function addReport(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("report")
      .description(
        "The monthly governance report: where risk sits, findings by owner with evidence, drift, overrides, " +
          "warning signals, what changed, to-do lists. Writes OUT/YYYY-MM/governance.md, .html and .json.",
      )
      .option(
        "--month <YYYY-MM>",
        "month to report (default: the last whole month in the data); as of its last day",
      )
      .option("--out <dir>", "folder with one sub-folder a month", "reports")
      .addHelpText(
        "after",
        "\nLast month's findings come from OUT/<previous month>/governance.json when it exists, so\ncommitted " +
          "reports track findings from month to month.\n\nExamples:\n  $ stockpolicy report --month 2026-10\n " +
          " $ stockpolicy report --data demo/data --out /tmp/reports\n",
      ),
    ["policies", "db", "data", "threads", "window"],
  ).action(async (raw: Record<string, unknown>) => {
    const { reportCommand } = await import("./commands/report.js");
    const month = typeof raw.month === "string" ? raw.month : undefined;
    setExitCode(await reportCommand(parseSharedOptions(raw, io), month, io));
  });
}

function addDiff(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("diff")
      .description(
        "What a policy change does: the policies at a git revision against the working tree, over the " +
          "same outcomes — fields changed, SKUs that change segment, segments before and after, findings " +
          "that appear or go. Markdown for a pull-request comment.",
      )
      .requiredOption(
        "--base <ref>",
        "git revision of the policies to compare with (main, origin/main, a SHA)",
      )
      .addHelpText(
        "after",
        "\nExamples:\n  $ stockpolicy diff --base origin/main --data outcomes/\n  $ stockpolicy diff --base " +
          "HEAD~1 --format json --out diff.json\n",
      ),
    ["policies", "db", "data", "threads", "asOf", "window", "format", "out"],
    DIFF_FORMATS,
  ).action(async (raw: Record<string, unknown>) => {
    const { diffCommand } = await import("./commands/diff.js");
    setExitCode(await diffCommand(parseSharedOptions(raw, io), String(raw.base), io));
  });
}

function addSimulate(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("simulate")
      .description(
        "Replay each segment's (R, S) policy day by day over the actual demand (corrected for stockouts) " +
          "and lead times: simulated fill rate, mean capital, stockout days and orders, beside what the " +
          "formula expects.",
      )
      .option("--from <date>", "first day replayed, YYYY-MM-DD (default: 365 days before --to)")
      .option("--to <date>", "last day replayed, YYYY-MM-DD (default: the last date in the data)")
      .addHelpText(
        "after",
        "\nCompare two policy versions on the same history by running it with each --policies.\n\nExamples:\n " +
          " $ stockpolicy simulate --db demo/outcomes.db\n  $ stockpolicy simulate --from 2026-01-01 --to " +
          "2026-10-31 --policies proposed/ --format json\n",
      ),
    ["policies", "db", "data", "threads", "format", "out"],
    SIMULATION_FORMATS,
  ).action(async (raw: Record<string, unknown>) => {
    const { simulateCommand } = await import("./commands/simulate.js");
    const problems: string[] = [];
    const from = dateFlag(raw, "from", "--from", problems);
    const to = dateFlag(raw, "to", "--to", problems);
    if (problems.length > 0) throw new UsageError(problems.join("\n"));
    setExitCode(
      await simulateCommand(
        parseSharedOptions(raw, io),
        { ...(from ? { from } : {}), ...(to ? { to } : {}) },
        io,
      ),
    );
  });
}

function addAllocate(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addSharedOptions(
    program
      .command("allocate")
      .description(
        "Where the capital should sit: the fill-rate target per segment that serves the most margin (or " +
          "demand) within a budget, from each segment's replayed capital–service frontier, keeping every " +
          "bound; printed with what each change costs and buys and a patch of the targets.",
      )
      .option("--budget <amount>", "capital to allocate (default: the RiskTolerance's capital.max)")
      .addOption(
        new Option(
          "--objective <objective>",
          "what to maximise: margin served, or fill (units served)",
        )
          .choices(["margin", "fill"])
          .default("margin"),
      )
      .option("--from <date>", "first day replayed, YYYY-MM-DD (default: 365 days before --to)")
      .option("--to <date>", "last day replayed, YYYY-MM-DD (default: the last date in the data)")
      .addHelpText(
        "after",
        "\nExamples:\n  $ stockpolicy allocate --db demo/outcomes.db --policies demo/policies\n" +
          "  $ stockpolicy allocate --budget 500000 --format patch | git apply\n",
      ),
    ["policies", "db", "data", "threads", "format", "out"],
    ALLOCATION_FORMATS,
  ).action(async (raw: Record<string, unknown>) => {
    const { allocateCommand } = await import("./commands/allocate.js");
    const problems: string[] = [];
    const from = dateFlag(raw, "from", "--from", problems);
    const to = dateFlag(raw, "to", "--to", problems);
    const budget = amountFlag(raw.budget, "--budget", problems);
    if (problems.length > 0) throw new UsageError(problems.join("\n"));
    setExitCode(
      await allocateCommand(
        parseSharedOptions(raw, io),
        {
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(budget !== undefined ? { budget } : {}),
          objective: raw.objective === "fill" ? "fill" : "margin",
        },
        io,
      ),
    );
  });
}

/** A money flag's value, if given: a plain positive number (no currency, no thousands separators). */
function amountFlag(value: unknown, flag: string, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === "string" ? value : "";
  const n = /^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : NaN;
  if (!(n > 0))
    problems.push(`${flag}: expected a positive amount such as 500000, found "${text}"`);
  return n > 0 ? n : undefined;
}

function addDemo(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command("demo")
    .description(
      "Write the demo company (Kitebird Toys: ~300 SKUs, two years of daily outcomes) and its policies " +
        "to DIR, load and evaluate it, and write its last three monthly governance reports.",
    )
    .argument("[dir]", "where to write data/, policies/ and outcomes.db", "demo")
    .option("--seed <n>", "random seed: the same seed writes the same bytes", String(DEMO_SEED))
    .option("--skus <n>", "number of SKUs", "300")
    .option("--no-episodes", "leave out the injected port congestion and habitual overrider")
    .option("--db <db>", "store to load into (default: DIR/outcomes.db)")
    .option("--reports <dir>", "where the monthly reports go (default: DIR/reports)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ stockpolicy demo\n  $ stockpolicy demo /tmp/kitebird --no-episodes\n",
    )
    .action(async (dir: string, raw: Record<string, unknown>) => {
      const seed = positiveInt(raw.seed, "--seed");
      const skus = positiveInt(raw.skus, "--skus");
      const { demoCommand } = await import("./commands/demo.js");
      const db = typeof raw.db === "string" ? raw.db : undefined;
      const reports = typeof raw.reports === "string" ? raw.reports : undefined;
      setExitCode(
        await demoCommand(
          dir,
          {
            seed,
            skus,
            episodes: raw.episodes !== false,
            ...(db ? { db } : {}),
            ...(reports ? { reports } : {}),
          },
          io,
        ),
      );
    });
}

/** Every command, in the order `--help` lists them: one function each. */
const COMMANDS = [
  addValidate,
  addTest,
  addIngest,
  addEvaluate,
  addExplain,
  addInit,
  addProfile,
  addCheck,
  addReport,
  addDiff,
  addSimulate,
  addAllocate,
  addDemo,
];
