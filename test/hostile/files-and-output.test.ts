/**
 * Hostile input through the real CLI (issue 12's corpus, first part): files that are links,
 * folders or not UTF-8; values that try to become workflow commands on a CI runner; outputs
 * that cannot be written. Each case asserts the exit code, the message, and that nothing was
 * disclosed, written or recorded.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import Database from "better-sqlite3";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { replaceFolder } from "../../src/files.js";
import { BIN, ROOT, policyFixture, runCli, tempDir } from "../helpers/cli.js";
import { SMALL, dataset } from "../helpers/data.js";
import { dumpAt, freshStore } from "../helpers/stores.js";
import { demoCopy } from "../helpers/demo-cache.js";

const SECRET = "DATABASE_PASSWORD=hunter2-do-not-print";

/** A file outside every folder read, holding what must never be echoed. */
function secretFile(): string {
  const file = path.join(tempDir(), "environ");
  writeFileSync(file, `${SECRET}\nkind: SegmentPolicy\n`);
  return file;
}

/** Lines a CI runner would take for workflow commands. */
const commands = (text: string): string[] => text.split("\n").filter((l) => /^\s*::/.test(l));

describe("policy files we read", () => {
  it("refuses a policy that is a symbolic link, and never prints what it points at", () => {
    const dir = policyFixture();
    symlinkSync(secretFile(), path.join(dir, "policies/segments/env.yaml"));
    const r = runCli(["validate"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "policies/segments/env.yaml:1:1: not-a-regular-file: expected a regular file, found a symbolic link",
    );
    expect(r.stdout + r.stderr).not.toContain("hunter2");
  });

  it("refuses a segments folder that is a symbolic link (it was once 'valid — 0 segments')", () => {
    const dir = policyFixture();
    const policies = path.join(dir, "policies");
    const moved = path.join(policies, "segments");
    // the real segments stay where they are; a second policy folder links to them
    const linked = path.join(tempDir(), "policies");
    mkdirSync(linked);
    writeFileSync(
      path.join(linked, "tolerance.yaml"),
      readFileSync(path.join(policies, "tolerance.yaml")),
    );
    symlinkSync(moved, path.join(linked, "segments"));
    const r = runCli(["validate", "--policies", linked]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /segments:1:1: not-a-regular-file: expected a folder, found a symbolic link/,
    );
  });

  it("refuses a policy in Latin-1 or UTF-16, naming the line and what the bytes look like", () => {
    const latin1 = policyFixture();
    const file = path.join(latin1, "policies/segments/trend.yaml");
    const text = readFileSync(file, "utf8").replace("owner: ", "owner: Jos\u00e9 ");
    writeFileSync(file, Buffer.from(text, "latin1"));
    const line = text.split("\n").findIndex((l) => l.includes("Jos")) + 1;
    const r = runCli(["validate"], { cwd: latin1 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`policies/segments/trend.yaml:${line}:`);
    expect(r.stderr).toContain(
      'not-utf8: expected UTF-8 text, found the byte 0xE9 (Latin-1 "\u00e9"?)',
    );

    const utf16 = policyFixture();
    const f16 = path.join(utf16, "policies/segments/trend.yaml");
    writeFileSync(
      f16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(f16, "utf8"), "utf16le")]),
    );
    const r16 = runCli(["validate"], { cwd: utf16 });
    expect(r16.code).toBe(2);
    expect(r16.stderr).toContain("found UTF-16 (little-endian byte order mark FF FE)");
  });

  it("refuses a policy file over 1 MiB", () => {
    const dir = policyFixture({ "checks/huge.yaml": `# ${"x".repeat(1 << 20)}\n` });
    const r = runCli(["validate"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /checks\/huge\.yaml:1:1: too-large: expected a policy file of at most 1 MiB/,
    );
  });
});

describe("data files we read", () => {
  it("refuses a data file that is a link or a folder, writing nothing (a folder once crashed with exit 70)", async () => {
    const db = await freshStore("sqlite");
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const before = await dumpAt(db);
    const linked = dataset({ "daily.csv": null });
    symlinkSync(secretFile(), path.join(linked, "daily.csv"));
    const r = runCli(["ingest", linked, "--db", db, "--skip-invalid"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("daily.csv:0: file: expected a regular file, found a symbolic link");
    expect(r.stdout + r.stderr).not.toContain("hunter2");
    const folder = dataset({ "daily.csv": null });
    mkdirSync(path.join(folder, "daily.csv"));
    const f = runCli(["ingest", folder, "--db", db]);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain("daily.csv:0: file: expected a regular file, found a folder");
    expect(await dumpAt(db)).toBe(before);
  });

  it("refuses Latin-1 SKU ids instead of merging them into one (even with --skip-invalid)", async () => {
    const db = await freshStore("sqlite");
    const data = dataset();
    // two distinct ids in Latin-1: decoded as UTF-8 both became "CAF\ufffd"
    const skus = `${SMALL["skus.csv"]}CAF\u00c9,1,14,2,Acme,x,a,,core\nCAF\u00cb,5,30,9,Acme,x,b,,core\n`;
    writeFileSync(path.join(data, "skus.csv"), Buffer.from(skus, "latin1"));
    const r = runCli(["ingest", data, "--db", db, "--skip-invalid"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'skus.csv:5: row: expected UTF-8 text, found the byte 0xC9 (Latin-1 "\u00c9"?)',
    );
    expect(await dumpAt(db)).toBe(await dumpAt(await freshStore("sqlite")));
  });

  it("loads newest-first daily rows (their keys once doubled the tracker's memory on every row)", async () => {
    const db = await freshStore("sqlite");
    const rows = Array.from({ length: 400 }, (_, i) => {
      const d = new Date(Date.UTC(2026, 0, 1) - i * 86_400_000).toISOString().slice(0, 10);
      return `${d},A1,1,5,0,`;
    });
    const daily = ["date,sku,units_sold,on_hand,stockout,lost_units", ...rows, ""].join("\n");
    const r = runCli(["ingest", dataset({ "daily.csv": daily }), "--db", db]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("daily.csv: 400 rows — 400 inserted");
  });
});

describe("values that try to become workflow commands", () => {
  it("escapes a newline in a policy's keys, facts and operators on stderr", () => {
    const dir = policyFixture({
      "segments/extra.yaml":
        "apiVersion: stockpolicy/v1\nkind: SegmentPolicy\nmetadata:\n  name: extra\n  version: 1\n" +
        '  owner: a@example.com\n  reviewedOn: 2026-01-15\n  reviewEveryDays: 90\n"bad\\n::error::key": 1\n' +
        'match:\n  all:\n    - { fact: "li\\n::notice::ne", operator: "eq\\n::x::", value: extra }\n' +
        "priority: 50\ntargets:\n  fillRate: 0.9\n  reviewPeriodDays: 7\n  cover: { minWeeks: 1, maxWeeks: 6 }\n",
    });
    const r = runCli(["validate"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(commands(r.stdout + r.stderr)).toEqual([]);
    expect(r.stderr).toContain('found "bad\\n::error::key"');
  });

  it("lets through only the annotations check means to write", async () => {
    const db = await freshStore("sqlite");
    const dir = tempDir();
    demoCopy(path.join(dir, "demo"), "episodes");
    const data = path.join(dir, "demo", "data");
    const decisions = path.join(data, "decisions.csv");
    writeFileSync(
      decisions,
      readFileSync(decisions, "utf8").replace(/,dana,/g, ',"dana\n::warning title=pwn::owned",'),
    );
    expect(runCli(["ingest", data, "--db", db]).code).toBe(0);
    const policies = path.join(dir, "demo", "policies");
    for (const format of ["table", "markdown"]) {
      const r = runCli(["evaluate", "--db", db, "--policies", policies, "--format", format]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("pwn");
      expect(commands(r.stdout + r.stderr)).toEqual([]);
    }
    const text = runCli(["check", "--db", db, "--policies", policies]);
    expect(commands(text.stdout + text.stderr)).toEqual([]);
    // --out onto standard output reaches the same log: guarded alike
    if (existsSync("/dev/stdout"))
      for (const format of ["table", "markdown"]) {
        const args = ["evaluate", "--db", db, "--policies", policies, "--format", format];
        const out = runCli([...args, "--out", "/dev/stdout"]);
        expect(out.code).toBe(0);
        expect(out.stdout).toContain("pwn");
        expect(commands(out.stdout)).toEqual([]);
      }
    const github = runCli(["check", "--db", db, "--policies", policies, "--format", "github"]);
    const annotations = commands(github.stdout);
    expect(annotations.length).toBeGreaterThan(0);
    for (const a of annotations) expect(a).toMatch(/^::(error|warning|notice) file=/);
    expect(github.stdout).toContain("dana%0A%3A%3Awarning title=pwn");
  });
});

describe("a report's folder, all or none", () => {
  it("swaps a whole new folder in, and on a failure leaves the old one whole with no temp files", () => {
    const parent = tempDir();
    const month = path.join(parent, "2026-10");
    replaceFolder(month, { "governance.md": "old md", "governance.json": "old json" });
    replaceFolder(month, { "governance.md": "new md", "governance.json": "new json" });
    expect(readFileSync(path.join(month, "governance.md"), "utf8")).toBe("new md");
    // the second file cannot be written (a file stands where its folder would be): nothing changes
    expect(() =>
      replaceFolder(month, { "governance.md": "half", "governance.md/inner.json": "x" }),
    ).toThrow(/could not write/);
    expect(readFileSync(path.join(month, "governance.md"), "utf8")).toBe("new md");
    expect(readFileSync(path.join(month, "governance.json"), "utf8")).toBe("new json");
    expect(readdirSync(parent)).toEqual(["2026-10"]);
  });
});

describe("outputs we write", () => {
  it("leaves the previous --out whole and records no run when the output cannot be written", async () => {
    const db = await freshStore("sqlite");
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const dir = tempDir();
    const out = path.join(dir, "findings.json");
    expect(runCli(["evaluate", "--db", db, "--format", "json", "--out", out]).code).toBe(0);
    const previous = readFileSync(out, "utf8");
    // a file where a folder is needed: the write fails after the evaluation
    writeFileSync(path.join(dir, "blocker"), "");
    const failed = runCli([
      "evaluate",
      "--db",
      db,
      "--format",
      "json",
      "--out",
      path.join(dir, "blocker", "x.json"),
    ]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain("could not write");
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(out, "utf8")).toBe(previous);
    // the failed run was not stored: the next run is the second, so its findings persist for 2 runs
    const next = runCli(["evaluate", "--db", db, "--format", "json"]);
    const doc = JSON.parse(next.stdout) as { findings: { status: string; runs?: number }[] };
    const persisting = doc.findings.filter((f) => f.status === "persisting");
    expect(persisting.length).toBeGreaterThan(0);
    for (const f of persisting) expect(f.runs).toBe(2);
  });
});

/** How many runs a SQLite store has recorded. */
function runsIn(db: string): number {
  const sqlite = new Database(db, { readonly: true });
  try {
    return (sqlite.prepare("select count(*) as n from evaluation_runs").get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

/** The CLI with its standard output on the file `stdout` opens (a device, a file). */
function runCliInto(args: readonly string[], stdout: string) {
  const fd = openSync(stdout, "w");
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      stdio: ["ignore", fd, "pipe"],
      encoding: "utf8",
    });
    return { code: r.status, stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
}

const FULL = "/dev/full";

describe.skipIf(!existsSync(FULL))("outputs onto a full device", () => {
  it("--out /dev/full is exit 2 naming it, the device left a device, no run recorded", async () => {
    const db = await freshStore("sqlite");
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const r = runCli(["evaluate", "--db", db, "--format", "json", "--out", FULL]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`could not write ${FULL}: the disk is full`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // It was once renamed over: the device became a regular file.
    expect(statSync(FULL).isCharacterDevice()).toBe(true);
    expect(runsIn(db)).toBe(0);
  });

  it("standard output on a full device is exit 2, and the run is not recorded", async () => {
    const db = await freshStore("sqlite");
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const r = runCliInto(["evaluate", "--db", db, "--format", "json"], FULL);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("could not write to standard output: the disk is full");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(runsIn(db)).toBe(0);
    // The same run written to a file is recorded.
    const file = path.join(tempDir(), "out.json");
    expect(runCliInto(["evaluate", "--db", db, "--format", "json"], file).code).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8"))).toHaveProperty("findings");
    expect(runsIn(db)).toBe(1);
  });

  it("report --out onto a file that is no folder is exit 2 before anything is evaluated", async () => {
    const db = await freshStore("sqlite");
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const file = path.join(tempDir(), "reports");
    writeFileSync(file, "mine\n");
    for (const out of [file, FULL]) {
      const r = runCli(["report", "--db", db, "--out", out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("expected a folder for the month's reports");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(file, "utf8")).toBe("mine\n");
  });
});

describe("--out through links and onto devices", () => {
  it("writes through a symbolic link to the file it names, and the link stays", async () => {
    const db = await freshStore("sqlite");
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const dir = tempDir();
    writeFileSync(path.join(dir, "real.json"), "old\n");
    symlinkSync("real.json", path.join(dir, "link.json"));
    const r = runCli([
      "evaluate",
      "--db",
      db,
      "--format",
      "json",
      "--out",
      path.join(dir, "link.json"),
    ]);
    expect(r.code).toBe(0);
    expect(lstatSync(path.join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, "real.json"), "utf8"))).toHaveProperty(
      "findings",
    );
  });

  it.skipIf(!existsSync("/dev/stdout"))("writes --out /dev/stdout to standard output", async () => {
    const db = await freshStore("sqlite");
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const r = runCli(["evaluate", "--db", db, "--format", "json", "--out", "/dev/stdout"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty("findings");
  });
});

describe("data strings in Markdown", () => {
  it("a SKU id with HTML reaches evaluate --format markdown as text, never as a tag", async () => {
    const payload = "<img src=x onerror=alert(1)>";
    const files = Object.fromEntries(
      Object.entries(SMALL).map(([name, text]) => [
        name,
        text.replace(/(^|,)B2,/gm, `$1B2${payload},`),
      ]),
    );
    expect(files["skus.csv"]).toContain(payload);
    const db = await freshStore("sqlite");
    expect(runCli(["ingest", dataset(files, {}), "--db", db]).code).toBe(0);
    const r = runCli([
      "evaluate",
      "--db",
      db,
      "--format",
      "markdown",
      "--policies",
      path.join(policyFixture(), "policies"),
    ]);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toContain("B2&lt;img src=x onerror=alert(1)&gt;");
    expect(r.stdout).not.toMatch(/<img/i);
  });
});
